namespace Orleans.Inventory.Security;

/// <summary>What <see cref="CallerEnvelopeSigner.Verify"/> found: the envelope, or the problem (<see cref="CallerProblems"/>) and why.</summary>
public readonly record struct CallerEnvelopeCheck(CallerEnvelope? Envelope, string? Problem, string? Detail)
{
    public bool IsValid => Envelope is not null;

    public static CallerEnvelopeCheck Valid(CallerEnvelope envelope) => new(envelope, null, null);

    public static CallerEnvelopeCheck Refused(string problem, string detail) => new(null, problem, detail);
}
