using System.Collections.Concurrent;
using Orleans.Inventory.Regions;

namespace Orleans.Inventory.Tests.Infrastructure;

/// <summary>Counts the snapshot calls each region grain receives (an incoming grain call filter on the test silo).</summary>
public sealed class RegionCallCounter : IIncomingGrainCallFilter
{
    private readonly ConcurrentDictionary<string, int> _calls = new(StringComparer.Ordinal);

    /// <summary>Calls of <see cref="IRegionGrain.ApplySnapshotsAsync"/> and <see cref="IRegionGrain.FeedAsync"/> that reached the region.</summary>
    public int SnapshotCallsTo(string regionId) => _calls.GetValueOrDefault(regionId);

    public Task Invoke(IIncomingGrainCallContext context)
    {
        if (context.InterfaceMethod?.DeclaringType == typeof(IRegionGrain)
            && context.InterfaceMethod.Name is nameof(IRegionGrain.ApplySnapshotsAsync) or nameof(IRegionGrain.FeedAsync))
        {
            _calls.AddOrUpdate(context.TargetId.Key.ToString()!, 1, (_, n) => n + 1);
        }

        return context.Invoke();
    }
}
