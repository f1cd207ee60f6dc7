namespace Orleans.Inventory.Client;

/// <summary>
/// Who a trusted client tier acts as (<c>Inventory:Client:Caller</c>): the identity in the
/// <see cref="Security.CallerEnvelope"/> it signs for its grain calls with the shared <c>Inventory:CallerEnvelope</c> key.
/// </summary>
public sealed class TrustedCallerOptions
{
    /// <summary>The configuration section: <c>Inventory:Client:Caller</c>.</summary>
    public const string SectionName = "Inventory:Client:Caller";

    /// <summary>The tier's name, recorded in the ledger as <c>client:{Subject}</c> (e.g. <c>order-service</c>).</summary>
    public string? Subject { get; set; }

    /// <summary>Its roles (<see cref="Security.CallerRoles"/>: <c>clerk</c> to reserve, <c>device</c> to apply events, ...).</summary>
    public List<string> Roles { get; set; } = [];

    /// <summary>The warehouses it may act on; <c>*</c> for all.</summary>
    public List<string> Warehouses { get; set; } = [];
}
