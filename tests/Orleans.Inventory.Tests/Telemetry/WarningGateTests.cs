using Microsoft.Extensions.Time.Testing;
using Orleans.Inventory.Telemetry;

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

    [Fact]
    public void EachScopeOfAWarningIsCountedApartAndAFloodOfScopesForgetsRatherThanSilences()
    {
        var clock = new FakeTimeProvider(DateTimeOffset.UtcNow);
        var gate = new WarningGate(clock);

        var partition0 = gate.ShouldLog(4004, "0", out _);
        var partition1 = gate.ShouldLog(4004, "1", out _);
        var partition0Again = gate.ShouldLog(4004, "0", out _);
        var unscoped = gate.ShouldLog(4004, out _);
        var flood = Enumerable.Range(0, WarningGate.MaxSlots + 10).Count(i => gate.ShouldLog(4001, $"stream-{i}", out long _));
        var partition0AfterFlood = gate.ShouldLog(4004, "0", out _);

        Assert.True(partition0);
        Assert.True(partition1);
        Assert.False(partition0Again);
        Assert.True(unscoped);
        Assert.Equal(WarningGate.MaxSlots + 10, flood);
        Assert.True(partition0AfterFlood);
    }
}
