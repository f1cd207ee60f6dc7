namespace Orleans.Inventory.Events;

/// <summary>Why an event was refused: a stable machine code, the field at fault (if any) and a sentence for people.</summary>
[GenerateSerializer, Immutable, Alias("inventory.rejection.v1")]
public sealed record EventRejection(
    [property: Id(0)] string Code,
    [property: Id(1)] string? Field,
    [property: Id(2)] string Message)
{
    /// <summary>The one-line reason shown to callers: <c>field: message</c>.</summary>
    public string Reason => Field is null ? Message : $"{Field}: {Message}";

    public override string ToString() => Reason;

    /// <summary>The event names a warehouse nobody registered (refused at the API's edge or by the stock grain).</summary>
    public static EventRejection UnknownWarehouse(string warehouseId) => new(RejectionCodes.UnknownWarehouse, "location",
        $"warehouse '{warehouseId}' is not registered; register it (PUT /api/warehouses/{warehouseId}) and replay the dead letter");
}
