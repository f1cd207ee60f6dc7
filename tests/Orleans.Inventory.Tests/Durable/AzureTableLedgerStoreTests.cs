using Azure.Data.Tables;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Orleans.Inventory.Events;
using Orleans.Inventory.Grains;
using Orleans.Inventory.Grains.Ledger;
using Orleans.Inventory.Grains.Ledger.AzureTable;
using Orleans.Inventory.Ledger;
using static Orleans.Inventory.Tests.Infrastructure.Events;

namespace Orleans.Inventory.Tests.Durable;

/// <summary>The Azure Table ledger against Azurite: the same contract as the in-memory ledger, kept across batches.</summary>
[Collection(AzuriteCollection.Name)]
public sealed class AzureTableLedgerStoreTests(Azurite azurite)
{
    private readonly AzureTableLedgerStore _store = new(
        azurite.Tables.GetTableClient(azurite.TableName("Ledger")), NullLogger<AzureTableLedgerStore>.Instance);

    private static LedgerEntry Entry(long sequence, string? eventId = null, DateTimeOffset? time = null) => new(
        sequence, eventId ?? $"e-{Guid.NewGuid():N}", InventoryEventType.ItemAdded, 3, 3, 3 * sequence, 0, 3 * sequence, 0,
        time ?? T0.AddMinutes(sequence), T0.AddDays(1).AddTicks(sequence), "scanner-7", null, EventOutcome.Applied, null);

    private static List<LedgerEntry> Entries(long first, long count) =>
        [.. Enumerable.Range(0, (int)count).Select(i => Entry(first + i))];

    private async Task<List<LedgerEntry>> ReadAllAsync(StockKey key, LedgerQuery? query = null)
    {
        var all = new List<LedgerEntry>();
        query ??= new LedgerQuery(Limit: LedgerQuery.MaxLimit);
        while (true)
        {
            var page = await _store.ReadAsync(key, query);
            all.AddRange(page.Entries);
            if (page.NextAfter is not { } next)
            {
                return all;
            }

            query = query with { After = next };
        }
    }

    [Fact]
    public async Task EveryFieldOfAnEntryReadsBackExactly()
    {
        var key = FreshKey();
        var rejected = new LedgerEntry(1, "odd/id#?\u0001~é", InventoryEventType.TransferShipped, 7, 0, 0, 0, 0, 2,
            new DateTimeOffset(2026, 2, 16, 10, 0, 0, TimeSpan.Zero).AddTicks(1234567), T0.AddTicks(1), "device-1", "transfer-9",
            EventOutcome.Rejected, new EventRejection(RejectionCodes.InsufficientStock, "quantity", "only 0 available"), -3,
            "warehouse_B", T0.AddDays(2).AddTicks(9));
        var applied = Entry(2) with { Why = new EventRejection("code", null, "no field"), Reference = null };

        await _store.AppendAsync(key, [rejected, applied]);

        Assert.Equal([rejected, applied], await ReadAllAsync(key));
        Assert.Equal([rejected], await _store.FindByEventIdAsync(key, rejected.EventId));
    }

    [Fact]
    public async Task ReFlushingTheSameOutboxSkipsWhatIsStoredAndAddsTheRest()
    {
        var key = FreshKey();
        var entries = Entries(1, 5);
        await _store.AppendAsync(key, entries[..3]);

        await _store.AppendAsync(key, entries[1..]);
        await _store.AppendAsync(key, entries);

        Assert.Equal(entries, await ReadAllAsync(key));
    }

    [Fact]
    public async Task AnAppendThatWouldLeaveAGapIsRefusedAndWritesNothing()
    {
        var key = FreshKey();
        await _store.AppendAsync(key, Entries(1, 2));

        await Assert.ThrowsAsync<LedgerConflictException>(() => _store.AppendAsync(key, Entries(4, 2)));
        await Assert.ThrowsAsync<LedgerConflictException>(() => _store.AppendAsync(FreshKey(), Entries(2, 1)));
        await Assert.ThrowsAsync<LedgerConflictException>(() => _store.AppendAsync(key, [Entry(3), Entry(5)]));

        Assert.Equal([1L, 2], (await ReadAllAsync(key)).Select(e => e.Sequence));
    }

    [Fact]
    public async Task ASequenceHeldByAnotherEventIsRefusedAndTheStoredEntryStays()
    {
        var key = FreshKey();
        var stored = Entries(1, 3);
        await _store.AppendAsync(key, stored);
        var rewrite = Entry(2);

        var refusal = await Assert.ThrowsAsync<LedgerConflictException>(() => _store.AppendAsync(key, [rewrite, Entry(3), Entry(4)]));

        Assert.Contains(stored[1].EventId, refusal.Message, StringComparison.Ordinal);
        Assert.Equal(stored, await ReadAllAsync(key));
        Assert.Empty(await _store.FindByEventIdAsync(key, rewrite.EventId));
    }

    [Fact]
    public async Task ReadsPageBySequenceAndFilterByEventTimeToTheTick()
    {
        var key = FreshKey();
        // Event times out of sequence order, two of them one tick apart.
        var times = new[] { 5, 1, 4, 2, 3, 9, 7, 8, 6, 0 }.Select(m => T0.AddMinutes(m)).ToArray();
        times[3] = times[4].AddTicks(-1);
        var entries = times.Select((time, i) => Entry(i + 1, time: time)).ToList();
        await _store.AppendAsync(key, entries);

        var first = await _store.ReadAsync(key, new LedgerQuery(Limit: 4));
        var second = await _store.ReadAsync(key, new LedgerQuery(After: first.NextAfter!.Value, Limit: 4));
        var last = await _store.ReadAsync(key, new LedgerQuery(After: second.NextAfter!.Value, Limit: 4));

        Assert.Equal([1L, 2, 3, 4], first.Entries.Select(e => e.Sequence));
        Assert.Equal(4, first.NextAfter);
        Assert.Equal([5L, 6, 7, 8], second.Entries.Select(e => e.Sequence));
        Assert.Equal([9L, 10], last.Entries.Select(e => e.Sequence));
        Assert.Null(last.NextAfter);

        var window = new LedgerQuery(From: times[4].AddTicks(-1), To: times[4].AddTicks(1) + TimeSpan.FromMinutes(3), Limit: 2);
        var expected = entries.Where(window.Matches).ToList();
        Assert.Equal(expected, await ReadAllAsync(key, window));
        Assert.Equal([1L, 3, 4, 5, 9], expected.Select(e => e.Sequence));
        Assert.Equal([2L, 4, 10], (await ReadAllAsync(key, new LedgerQuery(To: times[4]))).Select(e => e.Sequence));
        Assert.Equal([1L, 3, 5], (await ReadAllAsync(key, new LedgerQuery(From: times[4], To: times[0].AddTicks(1)))).Select(e => e.Sequence));
    }

    [Fact]
    public async Task FindByEventIdReturnsEveryEntryOfThatEventAndNoOther()
    {
        var key = FreshKey();
        await _store.AppendAsync(key, [Entry(1, "evt"), Entry(2, "evt:1"), Entry(3, "evt") with { Outcome = EventOutcome.Duplicate }, Entry(4, "ev")]);

        Assert.Equal([1L, 3], (await _store.FindByEventIdAsync(key, "evt")).Select(e => e.Sequence));
        Assert.Equal([2L], (await _store.FindByEventIdAsync(key, "evt:1")).Select(e => e.Sequence));
        Assert.Empty(await _store.FindByEventIdAsync(key, "e"));
        Assert.Empty(await _store.FindByEventIdAsync(FreshKey(), "evt"));
    }

    [Fact]
    public async Task ManyEntriesCrossTransactionBatchesAndStayGapFree()
    {
        var key = FreshKey();
        var entries = Entries(1, 237);

        await _store.AppendAsync(key, entries[..120]);
        await _store.AppendAsync(key, entries[70..]);

        Assert.Equal(entries, await ReadAllAsync(key));
        Assert.Equal([entries[200]], await _store.FindByEventIdAsync(key, entries[200].EventId));
        var conflict = entries[100..].Select((e, i) => i == 60 ? Entry(e.Sequence) : e).ToList();
        await Assert.ThrowsAsync<LedgerConflictException>(() => _store.AppendAsync(key, conflict));
        Assert.Equal(entries, await ReadAllAsync(key));
    }

    [Fact]
    public async Task KeysWithEveryAllowedIdCharacterStayApart()
    {
        var a = new StockKey("wh.A:1@x-y_z", "SKU:1");
        var b = new StockKey("wh.A:1@x-y_z", "SKU:1-b");
        var suffix = Guid.NewGuid().ToString("N")[..8];
        a = a with { WarehouseId = a.WarehouseId + suffix };
        b = b with { WarehouseId = b.WarehouseId + suffix };

        await _store.AppendAsync(a, Entries(1, 2));
        await _store.AppendAsync(b, Entries(1, 1));

        Assert.Equal(2, (await ReadAllAsync(a)).Count);
        Assert.Single(await ReadAllAsync(b));
    }

    [Fact]
    public async Task TheAzureTableProviderIsChosenByConfigurationAndValidatesItsSettings()
    {
        static ServiceProvider Build(Dictionary<string, string?> settings)
        {
            var configuration = new ConfigurationBuilder().AddInMemoryCollection(settings).Build();
            var services = new ServiceCollection().AddSingleton<IConfiguration>(configuration).AddLogging();
            services.AddInventoryGrains(configuration);
            return services.BuildServiceProvider();
        }

        var table = azurite.TableName("Configured");
        await using var configured = Build(new()
        {
            ["Inventory:Ledger:ProviderType"] = "AzureTable",
            ["Inventory:Ledger:ConnectionString"] = Azurite.ConnectionString,
            ["Inventory:Ledger:TableName"] = table,
        });
        var store = Assert.IsType<AzureTableLedgerStore>(configured.GetRequiredService<ILedgerStore>());
        var key = FreshKey();
        await store.AppendAsync(key, Entries(1, 1));
        // The entry's sequence row and its event-id row.
        Assert.Equal(2, (await azurite.Tables.GetTableClient(table).QueryAsync<TableEntity>(filter: "").ToListAsync()).Count);

        await using var both = Build(new()
        {
            ["Inventory:Ledger:ProviderType"] = "AzureTable",
            ["Inventory:Ledger:ConnectionString"] = Azurite.ConnectionString,
            ["Inventory:Ledger:ServiceUri"] = "https://account.table.core.windows.net",
        });
        var error = Assert.Throws<OptionsValidationException>(() => both.GetRequiredService<IOptions<AzureTableLedgerOptions>>().Value);
        Assert.Contains("ConnectionString", error.Message, StringComparison.Ordinal);
    }
}
