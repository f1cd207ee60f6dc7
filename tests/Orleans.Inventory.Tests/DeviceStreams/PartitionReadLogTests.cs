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
    public void LagIsTheLastEnqueuedMinusTheNewestMessageBeforeWhichNothingIsOpen()
    {
        var epoch = _log.BeginRead("2");
        _log.Enqueued("2", 19);
        Assert.Null(_log.Lag("2")); // nothing read yet: the read's position is an offset only
        foreach (var sequence in Enumerable.Range(10, 5))
        {
            _log.Read("2", sequence, $"o{sequence}");
        }

        Assert.Equal(10, _log.Lag("2")); // 10 to 19: open or not read yet
        _log.Complete("2", epoch, [10, 11, 13]);
        Assert.Equal(8, _log.Lag("2")); // 12 holds it
        _log.Complete("2", epoch, [12, 14]);
        Assert.Equal(5, _log.Lag("2"));
        _log.Enqueued("2", 14);
        Assert.Equal(0, _log.Lag("2"));

        _log.EndRead("2", epoch);
        Assert.Null(_log.Lag("2"));
        Assert.DoesNotContain("2", _log.ReadingPartitions());
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

    [Fact]
    public void PastItsBoundTheLogStopsTrackingAndTheCheckpointNeverPassesTheLastTrackedMessage()
    {
        var log = new PartitionReadLog(TimeProvider.System, maxOpenPerPartition: 3);
        var overflows = new List<(string, int)>();
        log.Overflowed += (partition, bound) => overflows.Add((partition, bound));
        var epoch = log.BeginRead("0");
        foreach (var sequence in Enumerable.Range(1, 6))
        {
            log.Read("0", sequence, $"o{sequence}");
        }

        var status = log.Status("0");
        Assert.Equal(3, status.Open);
        Assert.Equal(4, status.UntrackedFrom);
        Assert.Equal(3, status.Untracked);
        Assert.Equal([("0", 3)], overflows);

        // Everything reported done, the untracked messages too: the checkpoint stops at the last tracked one (3).
        Assert.Equal("o3", log.Complete("0", epoch, [1, 2, 3, 4, 5, 6]));
        Assert.Equal(3, log.Status("0").Checkpointed);
        log.Read("0", 7, "o7");
        Assert.Null(log.Complete("0", epoch, [7]));
        Assert.Equal(0, log.Status("0").Open);

        // A new read of the partition tracks again.
        var next = log.BeginRead("0");
        log.Read("0", 4, "o4");
        Assert.Null(log.Status("0").UntrackedFrom);
        Assert.Equal("o4", log.Complete("0", next, [4]));
    }

    [Fact]
    public void TheDoneSetKeepsOnlyReportsInsideTheOpenRange()
    {
        var epoch = _log.BeginRead("3");
        _log.Read("3", 10, "o10");
        _log.Read("3", 11, "o11");

        // Reports far outside what is open (another reader's, or long checkpointed) are not kept.
        Assert.Null(_log.Complete("3", epoch, [.. Enumerable.Range(1000, 10_000).Select(i => (long)i), 11]));
        Assert.Equal("o11", _log.Complete("3", epoch, [10]));
    }
}
