using Orleans.Inventory.EventHubsEmulator.Storage;

namespace Orleans.Inventory.EventHubsEmulator.Tests;

public sealed class PartitionLogTests
{
    [Fact]
    public void ATornLastRecordIsCutOffAndAppendsContinueAfterTheLastWholeEvent()
    {
        using var data = new TemporaryDirectory();
        using (var log = Open(data.Path))
        {
            log.Append([new PendingEvent("k", [1, 2, 3]), new PendingEvent(null, [4, 5])]);
        }

        // A crash in the middle of an append leaves part of a record behind; its publish was never settled.
        var segment = Directory.GetFiles(data.Path, "*.log").Single();
        File.AppendAllBytes(segment, [200, 0, 0, 0, 9, 9, 9]);

        using (var log = Open(data.Path))
        {
            var appended = log.Append([new PendingEvent(null, [6])]);
            Assert.Equal(2, appended.Single().SequenceNumber);
            Assert.Equal(5, appended.Single().Offset);
        }

        using var reopened = Open(data.Path);
        var events = reopened.Read(0, 10);
        Assert.Equal([0L, 1L, 2L], events.Select(e => e.SequenceNumber));
        Assert.Equal([0L, 3L, 5L], events.Select(e => e.Offset));
        Assert.Equal(["k", null, null], events.Select(e => e.PartitionKey));
        Assert.Equal([6], events[2].Message);
    }

    [Fact]
    public void RetentionDeletesWholeSegmentsButKeepsTheNewestOne()
    {
        using var data = new TemporaryDirectory();
        using (var log = new PartitionLog("0", new FilePartitionStore(data.Path, flushToDisk: false), TimeProvider.System, maxEvents: 2, maxAge: null))
        {
            // Each append of a 5 MiB event rolls a new segment (segments roll at 4 MiB).
            for (var i = 0; i < 4; i++)
            {
                log.Append([new PendingEvent(null, new byte[5 * 1024 * 1024])]);
            }

            Assert.Equal(2, log.Snapshot().BeginSequenceNumber);
        }

        Assert.Equal(2, Directory.GetFiles(data.Path, "*.log").Length);
        using var reopened = Open(data.Path, maxEvents: 2);
        Assert.Equal([2L, 3L], reopened.Read(0, 10).Select(e => e.SequenceNumber));
    }

    private static PartitionLog Open(string directory, long maxEvents = 0) =>
        new("0", new FilePartitionStore(directory, flushToDisk: true), TimeProvider.System, maxEvents, maxAge: null);
}
