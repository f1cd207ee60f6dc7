using System.Globalization;
using Microsoft.Azure.Amqp;
using Microsoft.Azure.Amqp.Encoding;
using Microsoft.Azure.Amqp.Framing;
using Microsoft.Extensions.Logging;
using Orleans.Inventory.EventHubsEmulator.Security;
using Orleans.Inventory.EventHubsEmulator.Storage;

namespace Orleans.Inventory.EventHubsEmulator.Amqp;

/// <summary>The management node: READ of hub and partition properties, as the SDKs' GetProperties calls ask.</summary>
internal sealed class ManagementNode(
    EventHubCatalog catalog,
    SharedAccessSignatureValidator validator,
    TimeProvider time,
    ILogger logger) : RequestResponseNode(Address, logger)
{
    public const string Address = "$management";
    private const string HubType = "com.microsoft:eventhub";
    private const string PartitionType = "com.microsoft:partition";

    protected override Task<AmqpMessage> RespondAsync(AmqpMessage request, ConnectionContext context)
    {
        var properties = request.ApplicationProperties?.Map;
        string? operation = null, type = null, hubName = null, partitionId = null, token = null;
        properties?.TryGetValue("operation", out operation);
        properties?.TryGetValue("type", out type);
        properties?.TryGetValue("name", out hubName);
        properties?.TryGetValue("partition", out partitionId);
        properties?.TryGetValue("security_token", out token);

        if (!string.Equals(operation, "READ", StringComparison.Ordinal))
        {
            return Reply(Status(501, $"The emulator supports only the READ operation, not '{operation}'.", condition: AmqpErrorCode.NotImplemented));
        }

        if (string.IsNullOrEmpty(hubName) || catalog.Find(hubName) is not { } hub)
        {
            return Reply(Status(404, $"The messaging entity '{hubName}' could not be found. status-code: 404", condition: AmqpErrorCode.NotFound));
        }

        // The SDKs send a token with each request; a client that put one on $cbs before may leave it out.
        // Reading a hub's metadata takes a claim on the hub itself with any right: a token scoped to one publisher
        // endpoint does not cover it.
        var hubPath = hub.Name.ToLowerInvariant();
        var authorized = token is not null
            ? validator.Check(token, hub.Name) is var check && (check.Grants(hubPath, SharedAccessRight.Send) || check.Grants(hubPath, SharedAccessRight.Listen))
            : context.IsAuthorized(hubPath, SharedAccessRight.Send, SharedAccessRight.Listen);
        if (!authorized)
        {
            return Reply(Status(401, $"Unauthorized access to '{hub.Name}': the token is missing, expired or not signed with a known key.", condition: AmqpErrorCode.UnauthorizedAccess));
        }

        var now = time.GetUtcNow().UtcDateTime;
        if (string.Equals(type, HubType, StringComparison.Ordinal))
        {
            var map = new AmqpMap
            {
                [new MapKey("name")] = hub.Name,
                [new MapKey("type")] = HubType,
                [new MapKey("created_at")] = hub.CreatedAtUtc,
                [new MapKey("partition_count")] = hub.PartitionIds.Length,
                [new MapKey("partition_ids")] = hub.PartitionIds,
                [new MapKey("georeplication_factor")] = 1,
            };
            return Reply(Status(200, "OK", AmqpMessage.Create(new AmqpValue { Value = map })));
        }

        if (string.Equals(type, PartitionType, StringComparison.Ordinal))
        {
            if (partitionId is null || hub.FindPartition(partitionId) is not { } partition)
            {
                return Reply(Status(404, $"The messaging entity '{hub.Name}/Partitions/{partitionId}' could not be found. status-code: 404", condition: AmqpErrorCode.NotFound));
            }

            var snapshot = partition.Snapshot();
            var map = new AmqpMap
            {
                [new MapKey("name")] = hub.Name,
                [new MapKey("type")] = PartitionType,
                [new MapKey("partition")] = snapshot.PartitionId,
                [new MapKey("begin_sequence_number")] = snapshot.BeginSequenceNumber,
                [new MapKey("last_enqueued_sequence_number")] = snapshot.LastEnqueuedSequenceNumber,
                [new MapKey("last_enqueued_offset")] = snapshot.LastEnqueuedOffset.ToString(CultureInfo.InvariantCulture),
                [new MapKey("last_enqueued_time_utc")] = snapshot.LastEnqueuedTimeUtc == default ? DateTime.UnixEpoch : snapshot.LastEnqueuedTimeUtc,
                [new MapKey("is_partition_empty")] = snapshot.IsEmpty,
                [new MapKey("runtime_info_retrieval_time_utc")] = now,
            };
            return Reply(Status(200, "OK", AmqpMessage.Create(new AmqpValue { Value = map })));
        }

        return Reply(Status(400, $"Unknown resource type '{type}'.", condition: "com.microsoft:argument-error"));
    }

    private static Task<AmqpMessage> Reply(AmqpMessage message) => Task.FromResult(message);
}
