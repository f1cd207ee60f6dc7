using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using Azure.Data.Tables;
using Orleans.Inventory.Events;
using Orleans.Inventory.Grains.Stock.Journal;
using Orleans.Inventory.Ledger;
using Orleans.Inventory.Reservations;
using Orleans.Inventory.Tests.Infrastructure;
using Orleans.Serialization;
using static Orleans.Inventory.Tests.Infrastructure.Events;

namespace Orleans.Inventory.Tests.Stock;

/// <summary>Who each ledger entry records, and the hash chain that proves nobody edited the stored ledger.</summary>
[Collection(ClusterCollection.Name)]
public sealed class LedgerChainTests(InventoryClusterFixture fixture)
{
    [Fact]
    public async Task AnUntouchedLedgerVerifiesAndEveryEntryLinksToTheOneBefore()
    {
        var key = await fixture.NewKeyAsync();
        var grain = fixture.Grains.Stock(key);
        var events = Enumerable.Range(0, 30).Select(i => Added(key, 1, T0.AddSeconds(i))).ToArray();
        await grain.ApplyAsync(events[..10]);
        await grain.ApplyAsync(events[5..]); // five duplicates: they are entries too, and chained
        await fixture.Cluster.DeactivateAsync(grain); // the head survives a reactivation
        await grain.ApplyAsync([Removed(key, 4, T0.AddMinutes(5))]);

        var verification = await grain.VerifyLedgerAsync();
        var entries = (await grain.GetLedgerAsync(new LedgerQuery(Limit: LedgerQuery.MaxLimit))).Entries;

        Assert.True(verification.Intact, verification.Problem);
        Assert.Equal(36, verification.Checked);
        Assert.Equal(36, verification.Through);
        Assert.Equal(0, verification.Unchained);
        Assert.Null(verification.BrokenAt);
        Assert.Equal(entries[^1].Hash, verification.Head);
        Assert.All(entries, entry => Assert.Matches("^[0-9a-f]{64}$", entry.Hash));
        Assert.Equal(entries.Count, entries.Select(entry => entry.Hash).Distinct().Count());
        // Direct grain calls come from the cluster's client, a trusted tier: recorded for its envelope's subject.
        Assert.All(entries, entry => Assert.Equal(($"client:{InventoryClusterFixture.TrustedSubject}", CallerContext.Gateway), (entry.Actor, entry.Channel)));
    }

    [Fact]
    public async Task AnEditedEntryIsNamedAndEveryEntryBeforeItIsStillProven()
    {
        var key = await fixture.NewKeyAsync();
        var grain = fixture.Grains.Stock(key);
        await grain.ApplyAsync([.. Enumerable.Range(0, 6).Select(i => Added(key, 2, T0.AddSeconds(i)))]);
        await grain.ApplyAsync([.. Enumerable.Range(6, 6).Select(i => Added(key, 2, T0.AddSeconds(i)))]);

        await LedgerTampering.EditEntryAsync(fixture, key, 9, entry => entry with { QuantityChange = 200, AvailableAfter = entry.AvailableAfter + 198 });
        var verification = await grain.VerifyLedgerAsync();

        Assert.False(verification.Intact);
        Assert.Equal(9, verification.BrokenAt);
        Assert.Equal(8, verification.Through);
        Assert.Contains("entry 9", verification.Problem, StringComparison.Ordinal);
    }

    [Fact]
    public async Task EntriesCutOffTheEndOfTheLedgerAreFound()
    {
        var key = await fixture.NewKeyAsync();
        var grain = fixture.Grains.Stock(key);
        await grain.ApplyAsync([.. Enumerable.Range(0, 4).Select(i => Added(key, 1, T0.AddSeconds(i)))]);
        await grain.ApplyAsync([Added(key, 1, T0.AddMinutes(1))]);

        var partition = StockJournalKeys.Partition(key, fixture.StockOptions.ShardsPerWarehouse);
        await fixture.StockTableOf(key).SubmitAsync([new(TableTransactionActionType.Delete, new TableEntity(partition, StockJournalKeys.EntryRow(key, 5)), Azure.ETag.All)]);
        var verification = await grain.VerifyLedgerAsync();

        Assert.False(verification.Intact);
        Assert.Equal(5, verification.BrokenAt);
        Assert.Contains("ends at 4", verification.Problem, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ALongLedgerIsCheckedInPartsThatContinueFromTheHeadTheyAnswered()
    {
        var key = await fixture.NewKeyAsync();
        var grain = fixture.Grains.Stock(key);
        await grain.ApplyAsync([.. Enumerable.Range(0, 1_500).Select(i => Added(key, 1, T0.AddSeconds(i)))]);

        var first = await grain.VerifyLedgerAsync();
        Assert.True(first.Intact, first.Problem);
        Assert.Equal(1_000, fixture.StockOptions.MaxLedgerVerify);
        Assert.Equal(1_000, first.Checked);
        Assert.Equal(1_000, first.NextAfter);
        var rest = await grain.VerifyLedgerAsync(first.NextAfter!.Value, first.Head);
        Assert.True(rest.Intact, rest.Problem);
        Assert.Equal(500, rest.Checked);
        Assert.Equal(1_500, rest.Through);
        Assert.Null(rest.NextAfter);

        var forged = await grain.VerifyLedgerAsync(first.NextAfter!.Value, new string('0', 64));
        Assert.False(forged.Intact);
        Assert.Equal(1_001, forged.BrokenAt);
    }

    [Fact]
    public async Task TheApiRecordsTheTokensSubjectAndVerifiesForAnAuditorOnly()
    {
        var key = await fixture.NewKeyAsync();
        using var clerk = fixture.CreateClient(fixture.Tokens.Create("clerk-ann", ["clerk"], ["*"]));
        using var device = fixture.CreateClient(fixture.Tokens.Create("wms-7", ["device"], ["*"]));
        using var auditor = fixture.CreateClient(fixture.Tokens.Create("aud-1", ["auditor"], ["*"]));
        var body = $$"""{"event":"item_added","product_id":"{{key.ProductId}}","location":"{{key.WarehouseId}}","quantity":9,"timestamp":"2026-02-16T10:00:00Z"}""";
        using (var posted = await device.PostAsync("/api/events", new StringContent(body, Encoding.UTF8, "application/json")))
        {
            Assert.Equal(HttpStatusCode.OK, posted.StatusCode);
        }

        using (var reserved = await clerk.PostAsync($"/api/stock/{key.WarehouseId}/{key.ProductId}/reservations",
            new StringContent("""{"reservation_id":"order-77","quantity":2}""", Encoding.UTF8, "application/json")))
        {
            Assert.True(reserved.IsSuccessStatusCode, await reserved.Content.ReadAsStringAsync());
        }

        var path = $"/api/stock/{key.WarehouseId}/{key.ProductId}/ledger";
        var ledger = JsonNode.Parse(await auditor.GetStringAsync(path))!["entries"]!.AsArray();
        var verify = JsonNode.Parse(await auditor.GetStringAsync($"{path}/verify"))!;
        using var clerkVerify = await clerk.GetAsync($"{path}/verify");

        Assert.Equal(["user:wms-7", "user:clerk-ann"], ledger.Select(e => (string?)e!["actor"]));
        Assert.All(ledger, e => Assert.Equal("http", (string?)e!["channel"]));
        Assert.True((bool?)verify["intact"]);
        Assert.Equal(2, (long?)verify["checked"]);
        Assert.Equal((string?)ledger[1]!["hash"], (string?)verify["head"]);
        Assert.Equal(HttpStatusCode.Forbidden, clerkVerify.StatusCode);
        using var badHash = await auditor.GetAsync($"{path}/verify?after=1&hash=xyz");
        Assert.Equal(HttpStatusCode.BadRequest, badHash.StatusCode);
    }

    [Fact]
    public async Task AnExpiryIsRecordedForTheSystem()
    {
        var key = await fixture.NewKeyAsync();
        var grain = fixture.Grains.Stock(key);
        await grain.ApplyAsync([Added(key, 5, T0)]);
        await grain.ReserveAsync(new ReservationRequest("short-hold", 1, 1));

        await Eventually.WaitForAsync(async () => (await grain.GetReservationAsync("short-hold")).State, state => state == ReservationState.Expired,
            TimeSpan.FromSeconds(20), "the reservation expires");
        var entries = (await grain.GetLedgerAsync(new LedgerQuery(Limit: 10))).Entries;

        var expiry = Assert.Single(entries, entry => entry.EventId.StartsWith("!expire:", StringComparison.Ordinal));
        Assert.Equal(("system:expiry", CallerContext.System), (expiry.Actor, expiry.Channel));
        Assert.True((await grain.VerifyLedgerAsync()).Intact);
    }
}

/// <summary>Edits stored ledger rows behind the journal's back, as someone with write access to the table could.</summary>
internal static class LedgerTampering
{
    public static async Task EditEntryAsync(InventoryClusterFixture fixture, StockKey key, long sequence, Func<LedgerEntry, LedgerEntry> edit)
    {
        var table = fixture.StockTableOf(key);
        var partition = StockJournalKeys.Partition(key, fixture.StockOptions.ShardsPerWarehouse);
        var rows = new LedgerRows(fixture.SiloService<Serializer<LedgerEntry>>());
        await foreach (var row in table.QueryAsync(partition, StockJournalKeys.EntriesFrom(key, 1), StockJournalKeys.EntriesEnd(key), 1_000))
        {
            var entries = rows.ToEntries(row);
            if (entries.Any(entry => entry.Sequence == sequence))
            {
                var edited = rows.Chunk(partition, row.RowKey, [.. entries.Select(entry => entry.Sequence == sequence ? edit(entry) : entry)]);
                await table.SubmitAsync([new(TableTransactionActionType.UpsertReplace, edited)]);
                return;
            }
        }

        throw new InvalidOperationException($"No ledger chunk of {key} holds entry {sequence}.");
    }
}
