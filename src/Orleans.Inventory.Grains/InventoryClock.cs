namespace Orleans.Inventory.Grains;

/// <summary>
/// The key of the <see cref="TimeProvider"/> the inventory grains read business time from (record times,
/// reservation expiry). Keyed so tests can move it without moving the clock of Orleans' own membership and timers.
/// </summary>
public static class InventoryClock
{
    public const string Key = "inventory";
}
