using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Orleans.Inventory.Events;
using Orleans.Inventory.Grains.Ledger;
using Orleans.Inventory.Grains.Stock.Journal;
using Orleans.Inventory.Grains.Storage;
using Orleans.Inventory.Reservations;
using Orleans.Inventory.Tests.Infrastructure;
using static Orleans.Inventory.Tests.Infrastructure.Events;

namespace Orleans.Inventory.Tests.Reservations;

[Collection(ReservationClusterCollection.Name)]
public sealed class ReservationTests(ReservationClusterFixture fixture)
{
    private async Task<(StockKey Key, IStockGrain Grain)> StockedAsync(long units)
    {
        var key = await fixture.NewKeyAsync();
        var grain = fixture.Grains.Stock(key);
        await grain.ApplyOneAsync(Added(key, units, T0));
        return (key, grain);
    }

    [Fact]
    public async Task AReservationHoldsUnitsAndARepeatIsTheSameReservation()
    {
        var (_, grain) = await StockedAsync(10);

        var first = await grain.ReserveAsync(new ReservationRequest("order-1", 4, 600));
        var repeat = await grain.ReserveAsync(new ReservationRequest("order-1", 4, 600));

        Assert.Equal(ReservationState.Active, first.State);
        Assert.Equal(fixture.Clock.GetUtcNow().AddSeconds(600), first.ExpiresAt);
        Assert.Equal(6, first.Stock.AvailableQuantity);
        Assert.Equal(4, first.Stock.ReservedQuantity);
        Assert.Equal(10, first.Stock.OnHandQuantity);
        Assert.Equal(first with { Stock = repeat.Stock }, repeat);
        Assert.Equal(4, repeat.Stock.ReservedQuantity);
    }

    [Fact]
    public async Task ActiveReservationsAreRowsOfTheirOwnReadBackOnActivationAndDeletedWhenTheyEnd()
    {
        var (key, grain) = await StockedAsync(10);
        await grain.ReserveAsync(new ReservationRequest("row-a", 2, 600));
        await grain.ReserveAsync(new ReservationRequest("row-b", 3, 600));
        var held = await ReservationRowsAsync(key);

        await fixture.Cluster.DeactivateAsync(grain);
        var afterReload = await grain.GetReservationAsync("row-a");
        await grain.ReleaseReservationAsync("row-a");
        var committed = await grain.CommitReservationAsync("row-b");

        Assert.Equal(["row-a", "row-b"], held.Select(row => row.GetString("Id")));
        Assert.Equal([2L, 3L], held.Select(row => row.GetInt64("Quantity")!.Value));
        Assert.Equal(ReservationState.Active, afterReload.State);
        Assert.Equal(2, afterReload.Quantity);
        Assert.Equal(fixture.Clock.GetUtcNow().AddSeconds(600), afterReload.ExpiresAt);
        Assert.Equal(5, afterReload.Stock.ReservedQuantity);
        Assert.Equal(ReservationState.Committed, committed.State);
        Assert.Equal(0, committed.Stock.ReservedQuantity);
        Assert.Empty(await ReservationRowsAsync(key));
    }

    private async Task<List<Azure.Data.Tables.TableEntity>> ReservationRowsAsync(StockKey key)
    {
        var rows = new List<Azure.Data.Tables.TableEntity>();
        await foreach (var row in fixture.StockTableOf(key).Inner.QueryAsync(
            StockJournalKeys.Partition(key, fixture.StockOptions.ShardsPerWarehouse), StockJournalKeys.ReservationsFrom(key), StockJournalKeys.ReservationsEnd(key), 100))
        {
            rows.Add(row);
        }

        return rows;
    }

    [Fact]
    public async Task AReservationBeyondAvailableIsRefusedWithTheReasonAndHoldsNothing()
    {
        var (_, grain) = await StockedAsync(3);

        var refused = await grain.ReserveAsync(new ReservationRequest("too-big", 4));

        Assert.Equal(ReservationState.Refused, refused.State);
        Assert.Contains("only 3 available", refused.Reason, StringComparison.Ordinal);
        Assert.Equal(0, refused.Stock.ReservedQuantity);
        var retryWhenStocked = await grain.ReserveAsync(new ReservationRequest("too-big", 3));
        Assert.Equal(ReservationState.Active, retryWhenStocked.State);
    }

    [Fact]
    public async Task ReleaseMakesUnitsAvailableAgainAndCommitTakesThemOffOnHand()
    {
        var (_, grain) = await StockedAsync(10);
        await grain.ReserveAsync(new ReservationRequest("r-release", 2));
        await grain.ReserveAsync(new ReservationRequest("r-commit", 3));

        var released = await grain.ReleaseReservationAsync("r-release");
        var releasedAgain = await grain.ReleaseReservationAsync("r-release");
        var committed = await grain.CommitReservationAsync("r-commit");
        var committedAgain = await grain.CommitReservationAsync("r-commit");
        var releaseAfterCommit = await grain.ReleaseReservationAsync("r-commit");
        var unknown = await grain.CommitReservationAsync("never-made");

        Assert.Equal(ReservationState.Released, released.State);
        Assert.Equal(ReservationState.Released, releasedAgain.State);
        Assert.Equal(ReservationState.Committed, committed.State);
        Assert.Equal(ReservationState.Committed, committedAgain.State);
        Assert.Equal(ReservationState.Committed, releaseAfterCommit.State);
        Assert.Contains("already committed", releaseAfterCommit.Reason, StringComparison.Ordinal);
        Assert.Equal(ReservationState.NotFound, unknown.State);
        var stock = await grain.GetAsync();
        Assert.Equal(7, stock.AvailableQuantity);
        Assert.Equal(0, stock.ReservedQuantity);
        Assert.Equal(7, stock.OnHandQuantity);
    }

    [Fact]
    public async Task TwoHundredConcurrentReservationsOfOneAgainstOneHundredGrantExactlyOneHundredThroughHttp()
    {
        var (key, grain) = await StockedAsync(100);

        var responses = await Task.WhenAll(Enumerable.Range(0, 200).Select(i => fixture.Http.PostAsJsonAsync(
            $"/api/stock/{key.WarehouseId}/{key.ProductId}/reservations", new { reservation_id = $"http-{i}", quantity = 1, ttl_seconds = 600 })));

        Assert.Equal(100, responses.Count(r => r.StatusCode == HttpStatusCode.Created));
        Assert.Equal(100, responses.Count(r => r.StatusCode == HttpStatusCode.Conflict));
        var stock = await grain.GetAsync();
        Assert.Equal(0, stock.AvailableQuantity);
        Assert.Equal(100, stock.ReservedQuantity);
        var conflict = JsonNode.Parse(await responses.First(r => r.StatusCode == HttpStatusCode.Conflict).Content.ReadAsStringAsync())!;
        Assert.Contains("available", (string?)conflict["detail"], StringComparison.Ordinal);
    }

    [Fact]
    public async Task TwoHundredConcurrentReservationsOfOneAgainstOneHundredGrantExactlyOneHundredThroughTheClusterClient()
    {
        var (_, grain) = await StockedAsync(100);

        var results = await Task.WhenAll(Enumerable.Range(0, 200).Select(i => grain.ReserveAsync(new ReservationRequest($"client-{i}", 1))));

        Assert.Equal(100, results.Count(r => r.State == ReservationState.Active));
        Assert.Equal(100, results.Count(r => r.State == ReservationState.Refused));
        Assert.Equal(100, (await grain.GetAsync()).ReservedQuantity);
    }

    [Fact]
    public async Task AnExpiredReservationIsReleasedWhenTheClockPassesItsExpiry()
    {
        var (_, grain) = await StockedAsync(5);
        await grain.ReserveAsync(new ReservationRequest("short", 5, 60));

        fixture.Clock.Advance(TimeSpan.FromSeconds(61));
        var after = await grain.GetReservationAsync("short");

        Assert.Equal(ReservationState.Expired, after.State);
        Assert.Equal(5, after.Stock.AvailableQuantity);
        Assert.Equal(0, after.Stock.ReservedQuantity);
    }

    [Fact]
    public async Task AReservationIsReleasedByTheDurableReminderEvenIfNoCallTouchesTheGrainAgain()
    {
        var (key, grain) = await StockedAsync(5);
        await grain.ReserveAsync(new ReservationRequest("forgotten", 2, 30));
        await fixture.Cluster.DeactivateAsync(grain);

        fixture.Clock.Advance(TimeSpan.FromSeconds(31));
        var ledger = fixture.SiloService<StockJournal>();
        var expiry = await Eventually.WaitForAsync(
            () => ledger.FindDecidedAsync(key, SystemEventIds.Expire + "forgotten"), found => found is not null, what: "the reminder's expiry entry");

        Assert.Equal(EventOutcome.Applied, expiry!.Outcome);
        Assert.Equal(-2, expiry.ReservedChange);
        Assert.Equal(0, expiry.ReservedAfter);
        Assert.Equal(5, expiry.AvailableAfter);
    }

    [Fact]
    public async Task ReservationEventsFromOrderSystemsTakeTheSamePathAndAReleaseBeforeItsReserveIsReplayed()
    {
        var (key, grain) = await StockedAsync(10);
        var now = fixture.Clock.GetUtcNow();
        InventoryEvent Reservation(InventoryEventType type, string id) =>
            new(id, type, key.ProductId, key.WarehouseId, 4, now, "oms-1", "SO-77");

        var early = await grain.ApplyOneAsync(Reservation(InventoryEventType.ReservationReleased, "oms-release"));
        var reserved = await grain.ApplyOneAsync(Reservation(InventoryEventType.ItemReserved, "oms-reserve"));
        var sameReservationOtherEvent = await grain.ApplyOneAsync(Reservation(InventoryEventType.ItemReserved, "oms-reserve-resent"));
        var replayed = await grain.ApplyOneAsync(Reservation(InventoryEventType.ReservationReleased, "oms-release"));

        Assert.Equal(EventOutcome.Rejected, early.Outcome);
        Assert.Equal(RejectionCodes.ReservationNotFound, early.Why!.Code);
        Assert.Equal(EventOutcome.Applied, reserved.Outcome);
        Assert.Equal(4, reserved.Stock.ReservedQuantity);
        Assert.Equal(EventOutcome.Duplicate, sameReservationOtherEvent.Outcome);
        Assert.Equal(EventOutcome.Applied, replayed.Outcome);
        Assert.Equal(0, replayed.Stock.ReservedQuantity);
        Assert.Equal(10, replayed.Stock.AvailableQuantity);
    }

    [Fact]
    public async Task ACommitInsideANewerCountReducesReservedButNotOnHandAgain()
    {
        var (key, grain) = await StockedAsync(10);
        var reserve = new InventoryEvent("r-old", InventoryEventType.ItemReserved, key.ProductId, key.WarehouseId, 2, T0.AddMinutes(1), null, "R-OLD");
        var commit = new InventoryEvent("c-old", InventoryEventType.ReservationCommitted, key.ProductId, key.WarehouseId, 2, T0.AddMinutes(2), null, "R-OLD");
        await grain.ApplyOneAsync(reserve);
        await grain.ApplyOneAsync(Counted(key, 8, T0.AddMinutes(3)));

        // The count at +3 already saw the two units leave at +2: on hand stays 8, the hold ends.
        var result = await grain.ApplyOneAsync(commit);

        Assert.Equal(EventOutcome.Applied, result.Outcome);
        Assert.Equal(0, result.Stock.ReservedQuantity);
        Assert.Equal(8, result.Stock.OnHandQuantity);
    }

    [Fact]
    public async Task TheReservationRoutesAnswerCreatedConflictNotFoundAndTheFinalState()
    {
        var (key, _) = await StockedAsync(2);
        var path = $"/api/stock/{key.WarehouseId}/{key.ProductId}/reservations";

        var created = await fixture.Http.PostAsJsonAsync(path, new { reservation_id = "api-1", quantity = 2, ttl_seconds = 120 });
        var repeat = await fixture.Http.PostAsJsonAsync(path, new { reservation_id = "api-1", quantity = 2, ttl_seconds = 120 });
        var shortOfStock = await fixture.Http.PostAsJsonAsync(path, new { reservation_id = "api-2", quantity = 1 });
        var invalid = await fixture.Http.PostAsJsonAsync(path, new { reservation_id = "bad id", quantity = 1 });
        var got = await fixture.Http.GetAsync($"{path}/api-1");
        var committed = await fixture.Http.PostAsync($"{path}/api-1/commit", null);
        var releaseCommitted = await fixture.Http.DeleteAsync($"{path}/api-1");
        var missing = await fixture.Http.DeleteAsync($"{path}/nope");

        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        Assert.EndsWith("/reservations/api-1", created.Headers.Location!.ToString(), StringComparison.Ordinal);
        var body = JsonNode.Parse(await created.Content.ReadAsStringAsync())!;
        Assert.Equal("active", (string?)body["state"]);
        Assert.NotNull(body["expires_at"]);
        Assert.Equal(HttpStatusCode.Created, repeat.StatusCode);
        Assert.Equal(HttpStatusCode.Conflict, shortOfStock.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, invalid.StatusCode);
        Assert.Contains("reservation_id", await invalid.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.OK, got.StatusCode);
        Assert.Equal(HttpStatusCode.OK, committed.StatusCode);
        Assert.Equal("committed", (string?)JsonNode.Parse(await committed.Content.ReadAsStringAsync())!["state"]);
        Assert.Equal(HttpStatusCode.Conflict, releaseCommitted.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, missing.StatusCode);
    }
}
