using Azure.Data.Tables;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Orleans.Inventory.Silo.Health;

/// <summary>
/// Healthy when one cheap query (the first entity's keys) against <paramref name="tableName"/> answers: the table
/// service is reachable, the credentials work and the table exists. Names the table and endpoint when it fails. The
/// client it is given should not retry (<see cref="InventoryHealthChecks"/> makes it so): the check's timeout is the bound.
/// </summary>
internal sealed class AzureTableHealthCheck(TableServiceClient service, string tableName) : IHealthCheck
{
    private static readonly string[] KeysOnly = ["PartitionKey"];

    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        var where = $"table '{tableName}' at {service.Uri.GetLeftPart(UriPartial.Authority)}";
        try
        {
            var query = service.GetTableClient(tableName).QueryAsync<TableEntity>(maxPerPage: 1, select: KeysOnly, cancellationToken: cancellationToken);
            await foreach (var _ in query.AsPages(pageSizeHint: 1).WithCancellation(cancellationToken))
            {
                break;
            }

            return HealthCheckResult.Healthy($"{where} answers");
        }
        catch (Azure.RequestFailedException missing) when (missing.Status == 404)
        {
            // The service answered; the table is created by its first write (the inventory tables are created lazily).
            return HealthCheckResult.Healthy($"{where} answers (table not created yet)");
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // The check's timeout: say what did not answer (the health service's own message would not).
            return HealthCheckResult.Unhealthy($"{where} does not answer within the timeout");
        }
        catch (Exception exception)
        {
            return HealthCheckResult.Unhealthy($"{where} does not answer", exception);
        }
    }
}
