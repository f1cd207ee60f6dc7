// Usage: node check.mjs "<connection string>" — exits non-zero with a reason when the emulator misbehaves.
import assert from "node:assert/strict";
import { EventHubProducerClient, EventHubConsumerClient, earliestEventPosition } from "@azure/event-hubs";

const connectionString = process.argv[2];
const hub = "inventory";
setTimeout(() => { console.error("deadline passed"); process.exit(2); }, 60_000).unref();

async function readAll(consumer, partitionId, count) {
  const events = [];
  await new Promise((resolve, reject) => {
    const subscription = consumer.subscribe(partitionId, {
      processEvents: async (batch) => {
        events.push(...batch);
        if (events.length >= count) { await subscription.close(); resolve(); }
      },
      processError: async (error) => { await subscription.close(); reject(error); },
    }, { startPosition: earliestEventPosition, maxWaitTimeInSeconds: 1 });
  });
  return events;
}

const producer = new EventHubProducerClient(connectionString, hub);
const properties = await producer.getEventHubProperties();
assert.equal(properties.name, hub);
assert.deepEqual(properties.partitionIds, ["0", "1", "2", "3"]);

const batch = await producer.createBatch({ partitionKey: "js-device" });
assert.ok(batch.tryAdd({ body: { sku: "A", quantity: 1 }, properties: { source: "js" } }));
assert.ok(batch.tryAdd({ body: "second" }));
await producer.sendBatch(batch);
await producer.sendBatch([{ body: "to-partition-3", messageId: "m-3" }], { partitionId: "3" });

const partition3 = await producer.getPartitionProperties("3");
assert.equal(partition3.isEmpty, false);
assert.equal(partition3.lastEnqueuedSequenceNumber, 0);
await producer.close();

const consumer = new EventHubConsumerClient("$Default", connectionString, hub);
const [single] = await readAll(consumer, "3", 1);
assert.equal(single.body, "to-partition-3");
assert.equal(single.messageId, "m-3");
assert.equal(single.sequenceNumber, 0);
assert.equal(single.offset, partition3.lastEnqueuedOffset);

let keyed = [];
for (const id of properties.partitionIds) {
  const partition = await consumer.getPartitionProperties(id);
  if (!partition.isEmpty && id !== "3") {
    keyed = await readAll(consumer, id, partition.lastEnqueuedSequenceNumber + 1);
  }
}
assert.equal(keyed.length, 2);
assert.deepEqual(keyed.map((e) => e.partitionKey), ["js-device", "js-device"]);
assert.deepEqual(keyed[0].body, { sku: "A", quantity: 1 });
assert.equal(keyed[0].properties.source, "js");
await consumer.close();

const wrongKey = connectionString.replace(/SharedAccessKey=[^;]+/, "SharedAccessKey=wrong");
const refused = new EventHubProducerClient(wrongKey, hub, { retryOptions: { maxRetries: 0 } });
await assert.rejects(() => refused.sendBatch([{ body: "sneaky" }], { partitionId: "0" }), (error) => error.code === "UnauthorizedError");
await refused.close();

console.log("js-sdk-check: ok");
process.exit(0);
