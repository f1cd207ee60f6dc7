using System.Globalization;
using Azure.Data.Tables;
using Orleans.Inventory.Events;
using Orleans.Inventory.Ledger;

namespace Orleans.Inventory.Grains.Ledger.AzureTable;

/// <summary>
/// A ledger entry as table columns, one column per field (queryable, readable in Storage Explorer, no blob).
/// Times are fixed-width UTC strings (<c>2026-02-16T10:00:00.0000000Z</c>): they compare exactly, to the tick, as
/// strings on Azure and on Azurite alike, whereas Azurite compares Int64 columns as strings (Azure/Azurite#2385)
/// and DateTime columns at JavaScript's millisecond precision. Offsets are normalized to UTC (the parser already does).
/// </summary>
internal static class LedgerTableEntity
{
    /// <summary>Azure Table's limit per property is 64 KiB; a string column holds at most this many UTF-16 units.</summary>
    public const int MaxStringLength = 32 * 1024 - 1;

    public const string EventTimeColumn = "EventTime";

    private const string TimeFormat = "yyyy-MM-dd'T'HH:mm:ss.fffffff'Z'";

    public static string FormatTime(DateTimeOffset time) => time.UtcDateTime.ToString(TimeFormat, CultureInfo.InvariantCulture);

    public static TableEntity ToEntity(string partitionKey, string rowKey, LedgerEntry entry)
    {
        var entity = new TableEntity(partitionKey, rowKey)
        {
            ["Sequence"] = entry.Sequence,
            ["EventId"] = Checked(entry.EventId, "EventId"),
            ["EventType"] = (int)entry.EventType,
            ["Quantity"] = entry.Quantity,
            ["QuantityChange"] = entry.QuantityChange,
            ["ReservedChange"] = entry.ReservedChange,
            ["AvailableAfter"] = entry.AvailableAfter,
            ["ReservedAfter"] = entry.ReservedAfter,
            ["OnHandAfter"] = entry.OnHandAfter,
            ["DiscrepancyAfter"] = entry.DiscrepancyAfter,
            [EventTimeColumn] = FormatTime(entry.EventTime),
            ["RecordedAt"] = FormatTime(entry.RecordedAt),
            ["Source"] = Checked(entry.Source, "Source"),
            ["Outcome"] = (int)entry.Outcome,
        };

        // Absent optional fields are absent columns (Azure Table has no null), which keeps rows small.
        if (entry.Reference is { } reference)
        {
            entity["Reference"] = Checked(reference, "Reference");
        }

        if (entry.Why is { } why)
        {
            entity["WhyCode"] = Checked(why.Code, "Why.Code");
            entity["WhyMessage"] = Checked(why.Message, "Why.Message");
            if (why.Field is { } field)
            {
                entity["WhyField"] = Checked(field, "Why.Field");
            }
        }

        if (entry.Destination is { } destination)
        {
            entity["Destination"] = Checked(destination, "Destination");
        }

        if (entry.ExpectedArrival is { } arrival)
        {
            entity["ExpectedArrival"] = FormatTime(arrival);
        }

        return entity;
    }

    public static LedgerEntry ToEntry(TableEntity entity)
    {
        EventRejection? why = entity.GetString("WhyCode") is { } code
            ? new EventRejection(code, entity.GetString("WhyField"), entity.GetString("WhyMessage") ?? "")
            : null;
        return new LedgerEntry(
            Sequence: Long(entity, "Sequence"),
            EventId: entity.GetString("EventId"),
            EventType: (InventoryEventType)Int(entity, "EventType"),
            Quantity: Long(entity, "Quantity"),
            QuantityChange: Long(entity, "QuantityChange"),
            AvailableAfter: Long(entity, "AvailableAfter"),
            ReservedAfter: Long(entity, "ReservedAfter"),
            OnHandAfter: Long(entity, "OnHandAfter"),
            DiscrepancyAfter: Long(entity, "DiscrepancyAfter"),
            EventTime: Time(entity.GetString(EventTimeColumn)),
            RecordedAt: Time(entity.GetString("RecordedAt")),
            Source: entity.GetString("Source"),
            Reference: entity.GetString("Reference"),
            Outcome: (EventOutcome)Int(entity, "Outcome"),
            Why: why,
            ReservedChange: Long(entity, "ReservedChange"),
            Destination: entity.GetString("Destination"),
            ExpectedArrival: entity.GetString("ExpectedArrival") is { } arrival ? Time(arrival) : null);
    }

    private static long Long(TableEntity entity, string column) =>
        entity.GetInt64(column) ?? throw new InvalidDataException($"Ledger row {entity.PartitionKey}/{entity.RowKey} has no {column}.");

    private static int Int(TableEntity entity, string column) =>
        entity.GetInt32(column) ?? throw new InvalidDataException($"Ledger row {entity.PartitionKey}/{entity.RowKey} has no {column}.");

    private static DateTimeOffset Time(string text) =>
        new(DateTime.ParseExact(text, TimeFormat, CultureInfo.InvariantCulture, DateTimeStyles.AdjustToUniversal | DateTimeStyles.AssumeUniversal), TimeSpan.Zero);

    /// <summary>Refuses rather than truncates: a cut ledger field would be a silent lie in the audit trail.</summary>
    private static string Checked(string value, string field) =>
        value.Length <= MaxStringLength
            ? value
            : throw new ArgumentException($"Ledger field {field} is {value.Length} characters; Azure Table allows {MaxStringLength} per property.", field);
}
