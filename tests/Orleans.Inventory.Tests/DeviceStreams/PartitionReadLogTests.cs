using Orleans.Inventory.Grains.DeviceStreams;

namespace Orleans.Inventory.Tests.DeviceStreams;

/// <summary>The checkpoint rule: it moves only to the newest message before which nothing read is still open.</summary>
public sealed class PartitionReadLogTests
{
    private readonly PartitionReadLog _log = new(TimeProvider.System);

    [Fact]
    public void TheCheckpointStopsBeforeTheOldestMessageNotYetDone()
    {
        var epoch = _log.BeginRead("0");
        foreach (var sequence in Enumerable.Range(10, 5))
        {
            _log.Read("0", sequence, $"o{sequence}");
        }

        // 11, 13 and 14 are done (other device streams), 10 and 12 are not: nothing may be checkpointed yet.
        Assert.Null(_log.Complete("0", epoch, [11, 13, 14]));
        Assert.Equal(10, _log.OldestOpen("0")!.Value.SequenceNumber);

        Assert.Equal("o11", _log.Complete("0", epoch, [10]));
        Assert.Equal("o14", _log.Complete("0", epoch, [12]));
        Assert.Null(_log.OldestOpen("0"));
    }

    [Fact]
    public void ReportsForAnEarlierReadOfThePartitionCloseNothing()
    {
        var earlier = _log.BeginRead("1");
        _log.Read("1", 1, "o1");
        var current = _log.BeginRead("1");
        _log.Read("1", 1, "o1");
        _log.Read("1", 2, "o2");

        Assert.Null(_log.Complete("1", earlier, [1, 2]));
        Assert.Equal(2, _log.OpenCount("1"));
        Assert.Equal("o2", _log.Complete("1", current, [2, 1]));
    }

    [Fact]
    public void AReportForAMessageThisReadNeverSawIsForgotten()
    {
        var epoch = _log.BeginRead("2");
        _log.Read("2", 5, "o5");

        Assert.Null(_log.Complete("2", epoch, [3]));
        Assert.Equal("o5", _log.Complete("2", epoch, [5]));
        Assert.Equal(0, _log.OpenCount("2"));
    }

    [Fact]
    public void PartitionsAreTrackedApart()
    {
        var zero = _log.BeginRead("0");
        var one = _log.BeginRead("1");
        _log.Read("0", 1, "a1");
        _log.Read("1", 1, "b1");

        Assert.Null(_log.Complete("0", one, [1]));
        Assert.Equal("a1", _log.Complete("0", zero, [1]));
        Assert.Equal(1, _log.OpenCount("1"));
    }
}
