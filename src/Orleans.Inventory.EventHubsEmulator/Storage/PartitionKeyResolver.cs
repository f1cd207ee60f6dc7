using System.Buffers.Binary;
using System.Text;

namespace Orleans.Inventory.EventHubsEmulator.Storage;

/// <summary>
/// Maps a partition key to a partition the way the Event Hubs gateway does (Bob Jenkins' lookup3
/// "hashlittle2" over the UTF-8 key, the two halves folded into a short), so the buffered producer, which
/// assigns partitions on the client, and the emulator agree.
/// </summary>
internal sealed class PartitionKeyResolver(int partitionCount)
{
    public int Resolve(string partitionKey)
    {
        var (primary, secondary) = HashLittle2(Encoding.UTF8.GetBytes(partitionKey));
        var folded = (short)(primary ^ secondary);
        return Math.Abs(folded % partitionCount);
    }

    private static (uint Primary, uint Secondary) HashLittle2(ReadOnlySpan<byte> key)
    {
        uint a, b, c;
        a = b = c = 0xDEADBEEF + (uint)key.Length;

        // lookup3 consumes 12-byte blocks while more than 12 bytes remain; the last 1..12 bytes go to the tail.
        while (key.Length > 12)
        {
            a += BinaryPrimitives.ReadUInt32LittleEndian(key);
            b += BinaryPrimitives.ReadUInt32LittleEndian(key[4..]);
            c += BinaryPrimitives.ReadUInt32LittleEndian(key[8..]);
            Mix(ref a, ref b, ref c);
            key = key[12..];
        }

        if (key.IsEmpty)
        {
            return (c, b);
        }

        Span<byte> tail = stackalloc byte[12];
        tail.Clear();
        key.CopyTo(tail);
        a += BinaryPrimitives.ReadUInt32LittleEndian(tail);
        b += BinaryPrimitives.ReadUInt32LittleEndian(tail[4..]);
        c += BinaryPrimitives.ReadUInt32LittleEndian(tail[8..]);
        Final(ref a, ref b, ref c);
        return (c, b);
    }

    private static void Mix(ref uint a, ref uint b, ref uint c)
    {
        a -= c; a ^= uint.RotateLeft(c, 4); c += b;
        b -= a; b ^= uint.RotateLeft(a, 6); a += c;
        c -= b; c ^= uint.RotateLeft(b, 8); b += a;
        a -= c; a ^= uint.RotateLeft(c, 16); c += b;
        b -= a; b ^= uint.RotateLeft(a, 19); a += c;
        c -= b; c ^= uint.RotateLeft(b, 4); b += a;
    }

    private static void Final(ref uint a, ref uint b, ref uint c)
    {
        c ^= b; c -= uint.RotateLeft(b, 14);
        a ^= c; a -= uint.RotateLeft(c, 11);
        b ^= a; b -= uint.RotateLeft(a, 25);
        c ^= b; c -= uint.RotateLeft(b, 16);
        a ^= c; a -= uint.RotateLeft(c, 4);
        b ^= a; b -= uint.RotateLeft(a, 14);
        c ^= b; c -= uint.RotateLeft(b, 24);
    }
}
