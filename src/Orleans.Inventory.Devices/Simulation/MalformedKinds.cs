namespace Orleans.Inventory.Devices.Simulation;

/// <summary>Wire names of <see cref="MalformedKind"/> in the sent file.</summary>
internal static class MalformedKinds
{
    public static string ToWireName(this MalformedKind kind) => kind switch
    {
        MalformedKind.NotJson => "not_json",
        MalformedKind.MissingProductId => "missing_product_id",
        MalformedKind.NegativeQuantity => "negative_quantity",
        _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, null),
    };

    public static MalformedKind Parse(string name) => name switch
    {
        "not_json" => MalformedKind.NotJson,
        "missing_product_id" => MalformedKind.MissingProductId,
        "negative_quantity" => MalformedKind.NegativeQuantity,
        _ => throw new FormatException($"unknown malformed kind '{name}'"),
    };
}
