namespace Orleans.Inventory.LoadTests;

/// <summary>One measurement of a run: its result, why it has none, or that it was not asked for.</summary>
internal sealed record Outcome<T>(T? Value, string? Failure, bool Skipped)
    where T : class
{
    public static Outcome<T> NotRun { get; } = new(null, null, true);

    public static Outcome<T> Of(T value) => new(value, null, false);

    public static Outcome<T> Failed(string reason) => new(null, reason, false);
}
