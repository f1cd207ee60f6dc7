using Azure.Data.Tables;

namespace Orleans.Inventory.LoadTests;

/// <summary>
/// Raw storage baseline: N concurrent writers call <see cref="TableClient.UpsertEntityAsync{T}"/> (replace mode, one
/// entity per call, no batching) on a scratch table that is deleted afterwards. Each writer owns one partition and
/// cycles over 100 rows, so the mix is mostly replaces of existing rows, like grain-state writes.
/// </summary>
internal static class AzuriteUpsertBenchmark
{
    private const int RowsPerWriter = 100;

    /// <summary>About the size of a small stock record's columns.</summary>
    private static readonly string Payload = new('x', 256);

    public static async Task<LoadResult> RunAsync(BaselineSettings settings, CancellationToken cancellation)
    {
        var service = new TableServiceClient(settings.StorageConnectionString);
        string tableName = "loadtest" + settings.RunId;
        var table = service.GetTableClient(tableName);
        await table.CreateIfNotExistsAsync(cancellation);
        try
        {
            return await ClosedLoop.RunAsync(
                settings.UpsertConcurrency, settings.Warmup, settings.Duration,
                (worker, n, ct) => table.UpsertEntityAsync(
                    new TableEntity($"w{worker}", (n % RowsPerWriter).ToString("D3", System.Globalization.CultureInfo.InvariantCulture))
                    {
                        ["Payload"] = Payload,
                        ["Counter"] = n,
                    },
                    TableUpdateMode.Replace,
                    ct),
                cancellation);
        }
        finally
        {
            await service.DeleteTableAsync(tableName, CancellationToken.None);
        }
    }
}
