using System.Buffers.Binary;
using System.Globalization;
using System.Text;

namespace Orleans.Inventory.EventHubsEmulator.Storage;

/// <summary>
/// An append-only log in segment files named after the first sequence number they hold. Each record is
/// length-prefixed; a record cut short by a crash is cut off on load, since its publish was never settled.
/// </summary>
internal sealed class FilePartitionStore(string directory, bool flushToDisk) : IPartitionStore
{
    // Segments keep retention cheap: trimming deletes whole files instead of rewriting one.
    private const long SegmentBytes = 4 * 1024 * 1024;
    private const int HeaderBytes = 4 + 8 + 8 + 8 + 4;
    private const string Extension = ".log";

    private readonly SortedList<long, string> _segments = [];
    private FileStream? _current;

    public IReadOnlyList<StoredEvent> Load()
    {
        Directory.CreateDirectory(directory);
        foreach (var path in Directory.EnumerateFiles(directory, "*" + Extension))
        {
            if (long.TryParse(Path.GetFileNameWithoutExtension(path), NumberStyles.None, CultureInfo.InvariantCulture, out var first))
            {
                _segments.Add(first, path);
            }
        }

        var events = new List<StoredEvent>();
        foreach (var path in _segments.Values)
        {
            ReadSegment(path, events);
        }

        return events;
    }

    public void Append(IReadOnlyList<StoredEvent> events)
    {
        if (events.Count == 0)
        {
            return;
        }

        if (_current is null || _current.Length >= SegmentBytes)
        {
            OpenSegment(events[0].SequenceNumber);
        }

        var size = events.Sum(e => HeaderBytes + Encoding.UTF8.GetByteCount(e.PartitionKey ?? string.Empty) + e.Message.Length);
        var buffer = new byte[size];
        var position = 0;
        foreach (var e in events)
        {
            position += Write(e, buffer.AsSpan(position));
        }

        _current!.Write(buffer);
        _current.Flush(flushToDisk);
    }

    public void Trim(long firstRetainedSequenceNumber)
    {
        // A segment can go when the next one starts at or below the first retained event; the newest segment
        // always stays, since it carries the next sequence number and offset across a restart.
        while (_segments.Count > 1 && _segments.Keys[1] <= firstRetainedSequenceNumber)
        {
            File.Delete(_segments.Values[0]);
            _segments.RemoveAt(0);
        }
    }

    public void Dispose() => _current?.Dispose();

    private void OpenSegment(long firstSequenceNumber)
    {
        _current?.Dispose();
        var path = Path.Combine(directory, firstSequenceNumber.ToString("D20", CultureInfo.InvariantCulture) + Extension);
        _current = new FileStream(path, FileMode.Append, FileAccess.Write, FileShare.Read);
        _segments[firstSequenceNumber] = path;
    }

    private static int Write(StoredEvent e, Span<byte> target)
    {
        var keyBytes = e.PartitionKey is null ? 0 : Encoding.UTF8.GetBytes(e.PartitionKey, target[HeaderBytes..]);
        var length = HeaderBytes - 4 + keyBytes + e.Message.Length;
        BinaryPrimitives.WriteInt32LittleEndian(target, length);
        BinaryPrimitives.WriteInt64LittleEndian(target[4..], e.SequenceNumber);
        BinaryPrimitives.WriteInt64LittleEndian(target[12..], e.Offset);
        BinaryPrimitives.WriteInt64LittleEndian(target[20..], new DateTimeOffset(e.EnqueuedTimeUtc).ToUnixTimeMilliseconds());
        BinaryPrimitives.WriteInt32LittleEndian(target[28..], e.PartitionKey is null ? -1 : keyBytes);
        e.Message.CopyTo(target[(HeaderBytes + keyBytes)..]);
        return 4 + length;
    }

    private static void ReadSegment(string path, List<StoredEvent> events)
    {
        var bytes = File.ReadAllBytes(path);
        var position = 0;
        while (position + HeaderBytes <= bytes.Length)
        {
            var span = bytes.AsSpan(position);
            var length = BinaryPrimitives.ReadInt32LittleEndian(span);
            var keyLength = BinaryPrimitives.ReadInt32LittleEndian(span[28..]);
            if (length < HeaderBytes - 4 || position + 4 + length > bytes.Length || keyLength > length - (HeaderBytes - 4))
            {
                break;
            }

            var keyBytes = Math.Max(0, keyLength);
            var key = keyLength < 0 ? null : Encoding.UTF8.GetString(span.Slice(HeaderBytes, keyBytes));
            var message = span.Slice(HeaderBytes + keyBytes, length - (HeaderBytes - 4) - keyBytes).ToArray();
            events.Add(new StoredEvent(
                BinaryPrimitives.ReadInt64LittleEndian(span[4..]),
                BinaryPrimitives.ReadInt64LittleEndian(span[12..]),
                DateTimeOffset.FromUnixTimeMilliseconds(BinaryPrimitives.ReadInt64LittleEndian(span[20..])).UtcDateTime,
                key,
                message));
            position += 4 + length;
        }

        if (position < bytes.Length)
        {
            // The tail was never acknowledged to a producer: drop it so the next append starts on a record boundary.
            using var stream = new FileStream(path, FileMode.Open, FileAccess.Write);
            stream.SetLength(position);
        }
    }
}
