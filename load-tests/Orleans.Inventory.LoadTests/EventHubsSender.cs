using System.Buffers;
using System.Text.Json;
using Azure.Messaging.EventHubs;
using Azure.Messaging.EventHubs.Producer;
using Microsoft.Extensions.Logging;
using Orleans.Inventory.Events;

namespace Orleans.Inventory.LoadTests;

/// <summary>
/// Sends device messages the way devices do: a JSON body (one event, or an array for several) with the application
/// property <c>device_id</c>, partition key = warehouse. A failed send is repeated with the same body (same event ids),
/// so a message that arrived twice is applied once.
/// </summary>
internal static class EventHubsSender
{
    public const int SendAttempts = 5;

    /// <summary>Bounded retries, so a missing emulator fails a send in seconds rather than minutes.</summary>
    public static EventHubProducerClient NewProducer(string connectionString, string eventHubName) => new(connectionString, eventHubName, new EventHubProducerClientOptions
    {
        RetryOptions = new EventHubsRetryOptions { MaximumRetries = 2, TryTimeout = TimeSpan.FromSeconds(10) },
    });

    /// <summary>Sends one message; answers how many transient failures were retried.</summary>
    public static async Task<int> SendAsync(
        EventHubProducerClient producer, ReadOnlyMemory<byte> body, string warehouse, string deviceId, ILogger logger, CancellationToken abandon)
    {
        for (int attempt = 1; ; attempt++)
        {
            var data = new EventData(body);
            data.Properties["device_id"] = deviceId;
            try
            {
                await producer.SendAsync([data], new SendEventOptions { PartitionKey = warehouse }, abandon);
                return attempt - 1;
            }
            catch (EventHubsException error) when (attempt < SendAttempts && error.IsTransient)
            {
                Log.SendRetry(logger, error, warehouse, attempt);
                await Task.Delay(200 * attempt, abandon);
            }
        }
    }

    /// <summary>The wire body: one event as an object, several as an array (the schema of <c>POST /api/events</c>).</summary>
    public static ReadOnlyMemory<byte> Body(IReadOnlyList<InventoryEvent> events, bool alwaysArray = false)
    {
        var buffer = new ArrayBufferWriter<byte>(256 * events.Count);
        using (var writer = new Utf8JsonWriter(buffer))
        {
            if (events.Count == 1 && !alwaysArray)
            {
                InventoryEventJson.Write(writer, events[0]);
            }
            else
            {
                writer.WriteStartArray();
                foreach (var inventoryEvent in events)
                {
                    InventoryEventJson.Write(writer, inventoryEvent);
                }

                writer.WriteEndArray();
            }
        }

        return buffer.WrittenMemory;
    }
}
