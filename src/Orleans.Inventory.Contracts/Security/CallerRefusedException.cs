namespace Orleans.Inventory.Security;

/// <summary>
/// A checked grain call (<see cref="CallerCheckAttribute"/>) the silo refused before the grain ran: nothing was
/// written. <see cref="Problem"/> is one of <see cref="CallerProblems"/>; the message names the call and the cause.
/// </summary>
[GenerateSerializer, Alias("inventory.caller-refused.v1")]
public sealed class CallerRefusedException : Exception
{
    public CallerRefusedException()
    {
    }

    public CallerRefusedException(string message)
        : base(message)
    {
    }

    public CallerRefusedException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    public CallerRefusedException(string problem, string message)
        : base(message) => Problem = problem;

    [Id(0)]
    public string Problem { get; init; } = CallerProblems.Missing;
}
