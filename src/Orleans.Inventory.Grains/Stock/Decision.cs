using Orleans.Inventory.Events;

namespace Orleans.Inventory.Grains.Stock;

/// <summary>What <see cref="StockBook"/> decided for one event: the outcome and the changes it makes.</summary>
/// <param name="Change">The change to on hand (applied only).</param>
/// <param name="ReservedChange">The change to reserved (applied only).</param>
internal readonly record struct Decision(EventOutcome Outcome, long Change, long ReservedChange, EventRejection? Why)
{
    public static Decision Duplicate => new(EventOutcome.Duplicate, 0, 0, null);

    public static Decision Apply(long change, long reservedChange = 0) => new(EventOutcome.Applied, change, reservedChange, null);

    public static Decision Supersede(string message) =>
        new(EventOutcome.Superseded, 0, 0, new EventRejection(RejectionCodes.Superseded, "timestamp", message));

    public static Decision Reject(string code, string? field, string message) =>
        new(EventOutcome.Rejected, 0, 0, new EventRejection(code, field, message));
}
