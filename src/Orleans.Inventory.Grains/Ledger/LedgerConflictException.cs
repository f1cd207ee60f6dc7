namespace Orleans.Inventory.Grains.Ledger;

/// <summary>An append that would break the ledger's gap-free, write-once sequence. Indicates a bug, never retried.</summary>
[GenerateSerializer, Alias("inventory.ledger-conflict.v1")]
public sealed class LedgerConflictException : Exception
{
    public LedgerConflictException()
    {
    }

    public LedgerConflictException(string message)
        : base(message)
    {
    }

    public LedgerConflictException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
