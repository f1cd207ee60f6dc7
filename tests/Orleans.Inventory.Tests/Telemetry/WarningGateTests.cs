using Microsoft.Extensions.Time.Testing;
using Orleans.Inventory.Grains.Telemetry;

namespace Orleans.Inventory.Tests.Telemetry;

public sealed class WarningGateTests
{
    [Fact]
    public void ThousandsOfLikeWarningsWriteOneLinePerPeriodThatCountsTheRest()
    {
        var clock = new FakeTimeProvider(DateTimeOffset.UtcNow);
        var gate = new WarningGate(clock);

        var firstWritten = gate.ShouldLog(1005, out var beforeFirst);
        var written = Enumerable.Range(0, 5_000).Count(_ => gate.ShouldLog(1005, out long _));
        var otherKind = gate.ShouldLog(2101, out _);
        clock.Advance(WarningGate.Period);
        var nextWritten = gate.ShouldLog(1005, out var suppressed);
        var rightAfter = gate.ShouldLog(1005, out _);

        Assert.True(firstWritten);
        Assert.Equal(0, beforeFirst);
        Assert.Equal(0, written);
        Assert.True(otherKind);
        Assert.True(nextWritten);
        Assert.Equal(5_000, suppressed);
        Assert.False(rightAfter);
    }
}
