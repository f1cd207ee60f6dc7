namespace Orleans.Inventory.Devices.Verification;

/// <summary>The outcome of <c>verify</c>: exit code 0 only with no mismatch and the expected dead-letter count.</summary>
internal sealed record VerifyResult(int ProductsChecked, IReadOnlyList<Mismatch> Mismatches, long? DeadLetters, long ExpectedDeadLetters, string? DeadLetterError)
{
    public bool DeadLettersMatch => DeadLetters == ExpectedDeadLetters;

    public int ExitCode => Mismatches.Count == 0 && DeadLettersMatch ? 0 : 1;

    public override string ToString() =>
        $"verify: {ProductsChecked} products checked, {Mismatches.Count} mismatches; dead letters " +
        $"{(DeadLetters is { } actual ? actual.ToString(System.Globalization.CultureInfo.InvariantCulture) : "unknown")} (expected {ExpectedDeadLetters})" +
        (DeadLetterError is null ? string.Empty : $" [{DeadLetterError}]");
}
