using System.Diagnostics.Metrics;

namespace Orleans.Inventory.Grains.Telemetry;

/// <summary>
/// What the inventory's own tables cost: requests by table and operation, rows written by kind, the rows each
/// transaction carried and how long it took. On the <see cref="InventoryTelemetry.Name"/> meter, so the load tests
/// can count storage operations per event.
/// </summary>
public sealed class StorageMetrics
{
    private readonly Counter<long> _operations;
    private readonly Counter<long> _entities;
    private readonly Histogram<double> _duration;
    private readonly Histogram<int> _transactionRows;
    private readonly Counter<long> _failures;

    public StorageMetrics(IMeterFactory meterFactory)
    {
        var meter = meterFactory.Create(InventoryTelemetry.Name);
        _operations = meter.CreateCounter<long>("inventory.storage.operations", "{operation}",
            "Requests to the inventory tables, by kind (the table's use: stock, region) and operation (transaction, read, query).");
        _entities = meter.CreateCounter<long>("inventory.storage.entities", "{entity}",
            "Rows written to the inventory tables, by kind (state, ledger, event_index, time_index, region).");
        _duration = meter.CreateHistogram<double>("inventory.storage.duration", "ms", "Time of one request to the inventory tables.");
        _transactionRows = meter.CreateHistogram<int>("inventory.storage.transaction_rows", "{entity}",
            "Rows in one table transaction (group commit packs many callers' rows, at most 100).");
        _failures = meter.CreateCounter<long>("inventory.storage.failures", "{operation}", "Requests to the inventory tables that failed.");
    }

    public void Operation(string kind, string operation, double milliseconds)
    {
        KeyValuePair<string, object?>[] tags = [new("kind", kind), new("operation", operation)];
        _operations.Add(1, tags);
        _duration.Record(milliseconds, tags);
    }

    public void Written(string kind, int rows) => _entities.Add(rows, new KeyValuePair<string, object?>("kind", kind));

    public void TransactionRows(string kind, int rows) => _transactionRows.Record(rows, new KeyValuePair<string, object?>("kind", kind));

    public void Failed(string kind, string operation) =>
        _failures.Add(1, new KeyValuePair<string, object?>("kind", kind), new KeyValuePair<string, object?>("operation", operation));
}
