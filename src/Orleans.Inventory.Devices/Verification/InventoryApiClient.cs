using System.Net.Http.Json;
using System.Text.Json;

namespace Orleans.Inventory.Devices.Verification;

/// <summary>The two reads <c>verify</c> needs from the HTTP API (snake_case JSON).</summary>
internal sealed class InventoryApiClient(HttpClient http)
{
    public async Task<ActualRecord> GetStockAsync(StockKey key, CancellationToken cancellationToken)
    {
        var path = $"api/stock/{Uri.EscapeDataString(key.WarehouseId)}/{Uri.EscapeDataString(key.ProductId)}";
        try
        {
            using var response = await http.GetAsync(path, cancellationToken);
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

    /// <summary>The dead-letter total ever recorded (<c>GET /api/dead-letters</c>, field <c>total</c>).</summary>
    public async Task<long> GetDeadLetterTotalAsync(CancellationToken cancellationToken)
    {
        var page = await http.GetFromJsonAsync<JsonElement>("api/dead-letters?limit=1", cancellationToken);
        return page.GetProperty("total").GetInt64();
    }
}
