using System.Net.Http.Json;
using System.Text.Json;

namespace Orleans.Inventory.Devices.Verification;

/// <summary>
/// The two reads <c>verify</c> needs from the HTTP API (snake_case JSON). A 429 (the API's per-principal rate limit) is
/// waited out as its <c>Retry-After</c> says, a few times, before it counts as a failed read.
/// </summary>
internal sealed class InventoryApiClient(HttpClient http)
{
    private const int RateLimitedRetries = 5;

    public async Task<ActualRecord> GetStockAsync(StockKey key, CancellationToken cancellationToken)
    {
        var path = $"api/stock/{Uri.EscapeDataString(key.WarehouseId)}/{Uri.EscapeDataString(key.ProductId)}";
        try
        {
            using var response = await GetPacedAsync(path, cancellationToken);
            if (!response.IsSuccessStatusCode)
            {
                return new ActualRecord(null, null, null, $"HTTP {(int)response.StatusCode} from GET /{path}");
            }

            using var document = JsonDocument.Parse(await response.Content.ReadAsStreamAsync(cancellationToken));
            var root = document.RootElement;
            return new ActualRecord(
                root.GetProperty("available_quantity").GetInt64(),
                root.GetProperty("reserved_quantity").GetInt64(),
                root.GetProperty("discrepancy_quantity").GetInt64(),
                null);
        }
        catch (Exception e) when (e is HttpRequestException or JsonException or KeyNotFoundException or InvalidOperationException)
        {
            return new ActualRecord(null, null, null, $"GET /{path} failed: {e.Message}");
        }
    }

    private async Task<HttpResponseMessage> GetPacedAsync(string path, CancellationToken cancellationToken)
    {
        for (var attempt = 0; ; attempt++)
        {
            var response = await http.GetAsync(path, cancellationToken);
            if (response.StatusCode != System.Net.HttpStatusCode.TooManyRequests || attempt == RateLimitedRetries)
            {
                return response;
            }

            var wait = response.Headers.RetryAfter?.Delta ?? TimeSpan.FromSeconds(1);
            response.Dispose();
            await Task.Delay(wait, cancellationToken);
        }
    }

    /// <summary>The dead-letter total ever recorded (<c>GET /api/dead-letters</c>, field <c>total</c>).</summary>
    public async Task<long> GetDeadLetterTotalAsync(CancellationToken cancellationToken)
    {
        using var response = await GetPacedAsync("api/dead-letters?limit=1", cancellationToken);
        response.EnsureSuccessStatusCode();
        var page = await response.Content.ReadFromJsonAsync<JsonElement>(cancellationToken);
        return page.GetProperty("total").GetInt64();
    }
}
