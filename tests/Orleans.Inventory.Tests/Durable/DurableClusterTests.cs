using Azure.Data.Tables;
using Microsoft.Extensions.Logging.Abstractions;
using Orleans.Inventory.Events;
using Orleans.Inventory.Grains.Ledger;
using Orleans.Inventory.Grains.Stock.Journal;
using Orleans.Inventory.Grains.Storage;

using Orleans.Inventory.Ledger;
using Orleans.Inventory.Tests.Infrastructure;
using Orleans.Inventory.Tests.Stock;
using static Orleans.Inventory.Tests.Infrastructure.Events;

namespace Orleans.Inventory.Tests.Durable;

/// <summary>Stock grains on Azure Table grain storage and the Azure Table ledger (Azurite), deactivated between events.</summary>
[Collection(DurableClusterCollection.Name)]
public sealed class DurableClusterTests(DurableClusterFixture fixture)
{
    [Fact]
    public async Task AGrainDeactivatedBetweenEventsAppliesEachEventExactlyOnce()
    {
        var key = await fixture.NewKeyAsync();
        var grain = fixture.Grains.Stock(key);
        var received = Added(key, 10, T0);
        var picked = Removed(key, 3, T0.AddMinutes(1));
        var returned = Make(key, InventoryEventType.ItemReturned, 5, T0.AddMinutes(2));

        Assert.Equal(EventOutcome.Applied, (await grain.ApplyOneAsync(received)).Outcome);
        await fixture.Cluster.DeactivateAsync(grain);
        Assert.Equal(EventOutcome.Applied, (await grain.ApplyOneAsync(picked)).Outcome);
        Assert.Equal(EventOutcome.Duplicate, (await grain.ApplyOneAsync(received)).Outcome);
        await fixture.Cluster.DeactivateAsync(grain);
        var redelivered = await grain.ApplyAsync([received, picked, returned]);
        await fixture.Cluster.DeactivateAsync(grain);

        Assert.Equal([EventOutcome.Duplicate, EventOutcome.Duplicate, EventOutcome.Applied], redelivered.Select(r => r.Outcome));
        var record = await grain.GetAsync();
        Assert.Equal(12, record.AvailableQuantity);
        Assert.Equal(3, record.Version);

        // What the grains wrote is in Azurite: read it back through the silo's journal over the same table.
        var ledger = fixture.SiloService<StockJournal>();
        var entries = (await ledger.ReadAsync(key, new LedgerQuery(Limit: LedgerQuery.MaxLimit), 10_000)).Entries;
        Assert.Equal(Enumerable.Range(1, entries.Count).Select(i => (long)i), entries.Select(e => e.Sequence));
        foreach (var e in new[] { received, picked, returned })
        {
            Assert.Single(entries, entry => entry.EventId == e.EventId && entry.Outcome == EventOutcome.Applied);
            Assert.True(await ledger.WasDecidedAsync(key, e.EventId, e.Timestamp, 10_000));
        }

        Assert.Equal(3, entries.Count(entry => entry.Outcome == EventOutcome.Duplicate));
        var rows = await fixture.Azurite.Tables.GetTableClient(fixture.StockTableOf(key).Name)
            .QueryAsync<TableEntity>(filter: "", select: ["PartitionKey", "RowKey"]).ToListAsync();
        Assert.Contains(rows, row => row.RowKey == $"s|{key.ProductId}" && row.PartitionKey.StartsWith(key.WarehouseId, StringComparison.Ordinal));
    }

    [Fact]
    public async Task TheLedgerServedByTheGrainIsTheAzureTableLedger()
    {
        var key = await fixture.NewKeyAsync();
        Assert.IsType<AzureInventoryTable>(fixture.StockTableOf(key).Inner);
        var grain = fixture.Grains.Stock(key);
        var events = Enumerable.Range(0, 150).Select(i => Added(key, 1, T0.AddSeconds(i))).ToArray();

        await grain.ApplyAsync(events);
        await fixture.Cluster.DeactivateAsync(grain);
        var again = await grain.ApplyAsync(events);

        Assert.All(again, r => Assert.Equal(EventOutcome.Duplicate, r.Outcome));
        Assert.Equal(150, (await grain.GetAsync()).AvailableQuantity);
        var firstPage = await grain.GetLedgerAsync(new LedgerQuery(Limit: 200));
        Assert.Equal(Enumerable.Range(1, 200).Select(i => (long)i), firstPage.Entries.Select(e => e.Sequence));
        var window = await grain.GetLedgerAsync(new LedgerQuery(From: T0.AddSeconds(10), To: T0.AddSeconds(20)));
        Assert.Equal(events[10..20].Select(e => e.EventId), window.Entries.Where(e => e.Outcome == EventOutcome.Applied).Select(e => e.EventId));
        Assert.Equal(events[10..20].Select(e => e.EventId), window.Entries.Where(e => e.Outcome == EventOutcome.Duplicate).Select(e => e.EventId));
    }

    [Fact]
    public async Task AStoredLedgerRowEditedInAzuriteFailsVerificationAtThatEntry()
    {
        var key = await fixture.NewKeyAsync();
        var grain = fixture.Grains.Stock(key);
        await grain.ApplyAsync([.. Enumerable.Range(0, 5).Select(i => Added(key, 3, T0.AddSeconds(i)))]);
        await grain.ApplyAsync([Removed(key, 2, T0.AddMinutes(1))]);
        Assert.True((await grain.VerifyLedgerAsync()).Intact);

        // Someone with write access to the table turns the removal of 2 into a removal of 1.
        await LedgerTampering.EditEntryAsync(fixture, key, 6, entry => entry with { Quantity = 1, QuantityChange = -1, AvailableAfter = entry.AvailableAfter + 1 });
        await fixture.Cluster.DeactivateAsync(grain);
        var verification = await grain.VerifyLedgerAsync();

        Assert.IsType<AzureInventoryTable>(fixture.StockTableOf(key).Inner);
        Assert.False(verification.Intact);
        Assert.Equal(6, verification.BrokenAt);
        Assert.Equal(5, verification.Through);
        Assert.Contains("entry 6", verification.Problem, StringComparison.Ordinal);
    }
}
