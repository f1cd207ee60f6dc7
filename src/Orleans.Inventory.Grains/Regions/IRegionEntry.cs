namespace Orleans.Inventory.Grains.Regions;

/// <summary>An entry of a region product's bounded collections, as the eviction rule sees it.</summary>
internal interface IRegionEntry
{
    /// <summary>When it last changed, on its product's logical clock.</summary>
    long Tick { get; }

    /// <summary>Kept only to ignore older snapshots (a departed warehouse, an arrived transfer): evictable.</summary>
    bool Finished { get; }
}
