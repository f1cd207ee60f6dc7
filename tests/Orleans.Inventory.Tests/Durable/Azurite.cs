using Azure.Data.Tables;

namespace Orleans.Inventory.Tests.Durable;

/// <summary>
/// Azurite for the durable tests, on 127.0.0.1:10002 (<c>UseDevelopmentStorage=true</c>). If it is not running: under
/// <c>CI=true</c> the tests fail saying so (CI starts it, a missing dependency is a failure); elsewhere this starts
/// Azurite itself from the repository's node_modules (running <c>npm ci</c> first if needed) and stops it at the end.
/// Never a skip. Each run names its tables afresh, so runs never see each other's data.
/// </summary>
public sealed class Azurite : IAsyncLifetime
{
    public const string ConnectionString = "UseDevelopmentStorage=true";

    private readonly List<string> _tables = [];

    /// <summary>Letters and digits only, as table names require; unique per test run.</summary>
    public string RunId { get; } = $"t{Guid.NewGuid():N}"[..13];

    public TableServiceClient Tables { get; } = new(ConnectionString);

    /// <summary>A table name unique to this run (and to <paramref name="purpose"/>), deleted at the end with every table it prefixes.</summary>
    public string TableName(string purpose)
    {
        var name = $"{purpose}{RunId}";
        lock (_tables)
        {
            _tables.Add(name);
        }

        return name;
    }

    public Task InitializeAsync() => AzuriteProcess.EnsureRunningAsync();

    public async Task DisposeAsync()
    {
        string[] tables;
        lock (_tables)
        {
            tables = [.. _tables];
        }

        // A stock table name is the prefix of its shards' tables ({name}00, {name}01, ...): those go too.
        var existing = new List<string>();
        try
        {
            await foreach (var item in Tables.QueryAsync())
            {
                existing.Add(item.Name);
            }
        }
        catch (Azure.RequestFailedException)
        {
            // Best effort, as below.
        }

        foreach (var table in existing.Where(name => tables.Any(ours => name.StartsWith(ours, StringComparison.Ordinal))).Union(tables))
        {
            try
            {
                await Tables.DeleteTableAsync(table);
            }
            catch (Azure.RequestFailedException)
            {
                // Best effort: the names are unique per run, a leftover table disturbs no other run.
            }
        }
    }
}

/// <summary>Tests that share one Azurite.</summary>
[CollectionDefinition(Name)]
public sealed class AzuriteCollection : ICollectionFixture<Azurite>
{
    public const string Name = "azurite";
}
