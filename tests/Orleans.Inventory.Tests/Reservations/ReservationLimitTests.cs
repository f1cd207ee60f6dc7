using Orleans.Inventory.Reservations;
using Orleans.Inventory.Tests.Infrastructure;
using static Orleans.Inventory.Tests.Infrastructure.Events;

namespace Orleans.Inventory.Tests.Reservations;

[Collection(SmallMemoryClusterCollection.Name)]
public sealed class ReservationLimitTests(SmallMemoryClusterFixture fixture)
{
    [Fact]
    public async Task ARecordHoldsAtMostTheConfiguredActiveReservations()
    {
        var key = await fixture.NewKeyAsync();
        var grain = fixture.Grains.Stock(key);
        await grain.ApplyOneAsync(Added(key, 10, T0));
        foreach (var i in Enumerable.Range(0, 3))
        {
            await grain.ReserveAsync(new ReservationRequest($"cap-{i}", 1));
        }

        var fourth = await grain.ReserveAsync(new ReservationRequest("cap-3", 1));

        Assert.Equal(ReservationState.Refused, fourth.State);
        Assert.Contains("3 active reservations", fourth.Reason, StringComparison.Ordinal);
    }
}
