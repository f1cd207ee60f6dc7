using System.Net;
using System.Net.Http.Json;
using Orleans.Inventory.Events;
using Orleans.Inventory.Reservations;
using Orleans.Inventory.Tests.Infrastructure;
using static Orleans.Inventory.Tests.Infrastructure.Events;

namespace Orleans.Inventory.Tests.Reservations;

/// <summary>
/// Holes 1-3 and 9 of the throughput issue, each reproduced on the old write path: grain-made ids a caller could
/// pre-empt, a retried reserve forgotten after enough others closed, a reservation id the API accepts that the grain
/// refused, and an <c>as_of</c> far in the future that scanned the whole ledger.
/// </summary>
[Collection(ReservationClusterCollection.Name)]
public sealed class ReservationIdTests(ReservationClusterFixture fixture)
{
    [Fact]
    public async Task ADeviceEventNamedLikeAnExpiryCannotStopTheReservationFromExpiring()
    {
        var key = await fixture.NewKeyAsync();
        var grain = fixture.Grains.Stock(key);
        await grain.ApplyOneAsync(Added(key, 10, T0));
        var forged = await grain.ApplyOneAsync(Make(key, InventoryEventType.ItemAdded, 1, T0.AddMinutes(1), id: "expire:R1"));
        var system = await grain.ApplyOneAsync(Make(key, InventoryEventType.ItemAdded, 1, T0.AddMinutes(2), id: SystemEventIds.Expire + "R1"));
        await grain.ReserveAsync(new ReservationRequest("R1", 4, 30));

        fixture.Clock.Advance(TimeSpan.FromSeconds(31));
        var after = await grain.GetReservationAsync("R1");
        var again = await grain.GetReservationAsync("R1");

        Assert.Equal(EventOutcome.Applied, forged.Outcome);
        Assert.Equal(EventOutcome.Rejected, system.Outcome);
        Assert.Equal("event_id", system.Why!.Field);
        Assert.Equal(ReservationState.Expired, after.State);
        Assert.Equal(ReservationState.Expired, again.State);
        Assert.Equal(11, after.Stock.AvailableQuantity);
        var ledger = (await grain.GetLedgerAsync(new Ledger.LedgerQuery(Limit: 100))).Entries;
        Assert.Single(ledger, e => e.EventId == SystemEventIds.Expire + "R1" && e.Outcome == EventOutcome.Applied);
        Assert.DoesNotContain(ledger, e => e.Outcome == EventOutcome.Duplicate);
    }

    [Fact]
    public async Task ARetriedReserveOfACommittedReservationAnswersCommittedHoweverManyClosedSince()
    {
        var key = await fixture.NewKeyAsync();
        var grain = fixture.Grains.Stock(key);
        await grain.ApplyOneAsync(Added(key, 1000, T0));
        await grain.ReserveAsync(new ReservationRequest("ORDER-X", 5, 600));
        await grain.CommitReservationAsync("ORDER-X");
        for (var i = 0; i < 300; i++)
        {
            await grain.ReserveAsync(new ReservationRequest($"other-{i}", 1, 600));
            await grain.ReleaseReservationAsync($"other-{i}");
        }

        var retried = await grain.ReserveAsync(new ReservationRequest("ORDER-X", 5, 600));
        var stock = await grain.GetAsync();

        Assert.Equal(ReservationState.Committed, retried.State);
        Assert.Equal(0, stock.ReservedQuantity);
        Assert.Equal(995, stock.AvailableQuantity);
    }

    [Fact]
    public async Task EveryReservationIdTheApiAcceptsWorks()
    {
        var key = await fixture.NewKeyAsync();
        await fixture.Grains.Stock(key).ApplyOneAsync(Added(key, 10, T0));
        var id = new string('r', IdRules.MaxLength);

        using var reserved = await fixture.Http.PostAsJsonAsync($"/api/stock/{key.WarehouseId}/{key.ProductId}/reservations",
            new { reservation_id = id, quantity = 2, ttl_seconds = 600 });
        using var committed = await fixture.Http.PostAsync($"/api/stock/{key.WarehouseId}/{key.ProductId}/reservations/{id}/commit", null);

        Assert.Equal(HttpStatusCode.Created, reserved.StatusCode);
        Assert.Equal(HttpStatusCode.OK, committed.StatusCode);
        Assert.Equal(8, (await fixture.Grains.Stock(key).GetAsync()).AvailableQuantity);
    }

    [Fact]
    public async Task AnAsOfFarInTheFutureIsRefusedWithAReason()
    {
        var key = await fixture.NewKeyAsync();
        await fixture.Grains.Stock(key).ApplyOneAsync(Added(key, 10, T0));

        using var response = await fixture.Http.GetAsync($"/api/stock/{key.WarehouseId}/{key.ProductId}?as_of=9999-01-01T00:00:00Z");

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("future", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }
}
