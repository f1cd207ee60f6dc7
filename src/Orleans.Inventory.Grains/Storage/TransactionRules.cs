using Azure.Data.Tables;

namespace Orleans.Inventory.Grains.Storage;

/// <summary>What Azure Table requires of a transaction, checked before it is sent, on every backend alike.</summary>
internal static class TransactionRules
{
    public static void Check(IReadOnlyList<TableTransactionAction> actions)
    {
        if (actions.Count is 0 or > IInventoryTable.MaxActionsPerTransaction)
        {
            throw new ArgumentException($"A transaction holds 1 to {IInventoryTable.MaxActionsPerTransaction} actions, not {actions.Count}.", nameof(actions));
        }

        var partition = actions[0].Entity.PartitionKey;
        var rows = new HashSet<string>(StringComparer.Ordinal);
        foreach (var action in actions)
        {
            if (!string.Equals(action.Entity.PartitionKey, partition, StringComparison.Ordinal))
            {
                throw new ArgumentException($"A transaction stays in one partition: {partition} and {action.Entity.PartitionKey}.", nameof(actions));
            }

            if (action.Entity is not TableEntity)
            {
                throw new ArgumentException("Inventory tables take TableEntity rows.", nameof(actions));
            }

            if (!rows.Add(action.Entity.RowKey))
            {
                throw new ArgumentException($"A transaction touches row {partition}/{action.Entity.RowKey} twice.", nameof(actions));
            }
        }
    }
}
