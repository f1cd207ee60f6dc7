using Microsoft.Extensions.Options;
using Orleans.Inventory.Transfers;

namespace Orleans.Inventory.Grains.Transfers;

/// <summary>
/// Lists transfers by status, newest change first. Bounded (see <see cref="TransferOptions.IndexCapacity"/>): when
/// full, finished transfers go first, oldest change first. Written a few times per transfer, so one grain suffices.
/// </summary>
internal sealed class TransferIndexGrain(
    [PersistentState("transfer-index", StorageNames.Inventory)] IPersistentState<TransferIndexState> index,
    IOptions<TransferOptions> options) : Grain, ITransferIndexGrain
{
    public async Task UpsertAsync(TransferRecord transfer)
    {
        var transfers = index.State.Transfers;
        if (transfers.TryGetValue(transfer.TransferId, out var known) && known.Record == transfer)
        {
            return;
        }

        transfers[transfer.TransferId] = new IndexedTransfer(transfer, ++index.State.Tick);
        if (transfers.Count > options.Value.IndexCapacity)
        {
            var evicted = transfers.Values
                .Where(entry => entry.Record.TransferId != transfer.TransferId)
                .OrderBy(entry => IsOpen(entry.Record.Status))
                .ThenBy(entry => entry.Tick)
                .First();
            transfers.Remove(evicted.Record.TransferId);
        }

        await index.WriteStateAsync();
    }

    public Task<IReadOnlyList<TransferRecord>> ListAsync(TransferStatus? status, int limit) =>
        Task.FromResult<IReadOnlyList<TransferRecord>>([.. index.State.Transfers.Values
            .Where(entry => status is null || entry.Record.Status == status)
            .OrderByDescending(entry => entry.Tick)
            .Take(Math.Max(0, limit))
            .Select(entry => entry.Record)]);

    private static bool IsOpen(TransferStatus status) => status is TransferStatus.InTransit or TransferStatus.Delayed or TransferStatus.PartiallyReceived;
}
