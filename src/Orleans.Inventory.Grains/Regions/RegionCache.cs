namespace Orleans.Inventory.Grains.Regions;

/// <summary>
/// The products a region grain has in memory: committed values only (a batch decides on copies and puts them here
/// once they are durable), so every entry is clean and may be evicted. Least recently used goes first once
/// <see cref="Capacity"/> is reached; an evicted product is read again from its row when asked for. A product known
/// to have no row is remembered as null, so asking again costs no read.
/// </summary>
internal sealed class RegionCache(int capacity)
{
    private readonly Dictionary<string, LinkedListNode<(string ProductId, RegionProduct? Product)>> _entries = new(StringComparer.Ordinal);
    private readonly LinkedList<(string ProductId, RegionProduct? Product)> _recency = new();

    public int Capacity => capacity;

    public int Count => _entries.Count;

    /// <summary>Products evicted since the grain activated.</summary>
    public long Evictions { get; private set; }

    public bool TryGet(string productId, out RegionProduct? product)
    {
        if (_entries.TryGetValue(productId, out var node))
        {
            _recency.Remove(node);
            _recency.AddFirst(node);
            product = node.Value.Product;
            return true;
        }

        product = null;
        return false;
    }

    /// <summary>Stores a committed (or just read) value; answers how many entries it evicted to make room.</summary>
    public int Set(string productId, RegionProduct? product)
    {
        if (_entries.TryGetValue(productId, out var node))
        {
            _recency.Remove(node);
        }

        node = _recency.AddFirst((productId, product));
        _entries[productId] = node;
        var evicted = 0;
        while (_entries.Count > capacity)
        {
            var last = _recency.Last!;
            _recency.RemoveLast();
            _entries.Remove(last.Value.ProductId);
            evicted++;
        }

        Evictions += evicted;
        return evicted;
    }

    /// <summary>Forgets a product whose stored value is uncertain (a failed write), so the next use reads it.</summary>
    public void Remove(string productId)
    {
        if (_entries.Remove(productId, out var node))
        {
            _recency.Remove(node);
        }
    }
}
