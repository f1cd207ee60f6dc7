using Orleans.Inventory.Security;

namespace Orleans.Inventory.Transfers;

/// <summary>Lists transfers by status (key: <see cref="Key"/>); kept current by the transfer grains, bounded to the newest.</summary>
public interface ITransferIndexGrain : IGrainWithStringKey
{
    public const string Key = "default";

    [CallerCheck]
    Task UpsertAsync(TransferRecord transfer);

    [Orleans.Concurrency.ReadOnly]
    Task<IReadOnlyList<TransferRecord>> ListAsync(TransferStatus? status, int limit);
}
