using System.Net;
using System.Text.Json;

namespace Orleans.Inventory.LoadTests;

/// <summary>
/// Reads the silos' HTTP API, spreading reads over every silo round robin, with a development admin token signed with
/// the key of the settings the silos read (appsettings.json, or <c>Inventory__Auth__DevelopmentSigningKey</c>).
/// </summary>
internal sealed class StockApi(BaselineSettings settings) : IDisposable
{
    private readonly HttpClient _http = new(new SocketsHttpHandler { PooledConnectionLifetime = TimeSpan.FromMinutes(5) })
    {
        Timeout = TimeSpan.FromSeconds(30),
        DefaultRequestHeaders =
        {
            Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue(
                "Bearer", Auth.DevelopmentTokens.FromSettings(AppContext.BaseDirectory).CreateAdmin("load-tests")),
        },
    };

    private int _next;

    public HttpClient Http => _http;

    /// <summary>An API address on the next silo, round robin.</summary>
    public Uri Next(string relative)
    {
        int silo = (int)((uint)Interlocked.Increment(ref _next) % (uint)settings.Silos);
        return new Uri(settings.HttpBase(silo), relative);
    }

    public static string StockPath(string warehouseId, string productId) =>
        $"api/stock/{Uri.EscapeDataString(warehouseId)}/{Uri.EscapeDataString(productId)}";

    public async Task<StockReading> GetStockAsync(string warehouseId, string productId, CancellationToken cancellation)
    {
        using var response = await _http.GetAsync(Next(StockPath(warehouseId, productId)), cancellation);
        response.EnsureSuccessStatusCode();
        await using var body = await response.Content.ReadAsStreamAsync(cancellation);
        using var json = await JsonDocument.ParseAsync(body, cancellationToken: cancellation);
        var root = json.RootElement;
        return new StockReading(
            root.GetProperty("version").GetInt64(), root.GetProperty("on_hand_quantity").GetInt64(), root.GetProperty("reserved_quantity").GetInt64());
    }

    /// <summary>The region's on-hand total of a product (<c>GET /api/regions/{r}/stock/{p}</c>).</summary>
    public async Task<long> GetRegionOnHandAsync(string regionId, string productId, CancellationToken cancellation)
    {
        using var response = await _http.GetAsync(Next($"api/regions/{Uri.EscapeDataString(regionId)}/stock/{Uri.EscapeDataString(productId)}"), cancellation);
        response.EnsureSuccessStatusCode();
        await using var body = await response.Content.ReadAsStreamAsync(cancellation);
        using var json = await JsonDocument.ParseAsync(body, cancellationToken: cancellation);
        return json.RootElement.GetProperty("on_hand_quantity").GetInt64();
    }

    /// <summary>The region a registered warehouse feeds.</summary>
    public async Task<string> RegionOfAsync(string warehouseId, CancellationToken cancellation)
    {
        using var response = await _http.GetAsync(Next($"api/warehouses/{Uri.EscapeDataString(warehouseId)}"), cancellation);
        response.EnsureSuccessStatusCode();
        await using var body = await response.Content.ReadAsStreamAsync(cancellation);
        using var json = await JsonDocument.ParseAsync(body, cancellationToken: cancellation);
        return json.RootElement.GetProperty("region_id").GetString()!;
    }

    /// <summary>Registers (or moves) a warehouse into a region.</summary>
    public async Task PutWarehouseAsync(string warehouseId, string regionId, CancellationToken cancellation)
    {
        using var content = new StringContent(JsonSerializer.Serialize(new Dictionary<string, string> { ["region_id"] = regionId }), System.Text.Encoding.UTF8, "application/json");
        using var response = await _http.PutAsync(Next($"api/warehouses/{Uri.EscapeDataString(warehouseId)}"), content, cancellation);
        response.EnsureSuccessStatusCode();
    }

    public async Task<HttpResponseMessage> PostJsonAsync(string relative, ReadOnlyMemory<byte> body, CancellationToken cancellation)
    {
        using var content = new ReadOnlyMemoryContent(body);
        content.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue("application/json");
        return await _http.PostAsync(Next(relative), content, cancellation);
    }

    /// <summary>Fails with a message naming the silo when one of them does not answer its readiness check.</summary>
    public async Task EnsureReadyAsync(CancellationToken cancellation)
    {
        for (int silo = 0; silo < settings.Silos; silo++)
        {
            var uri = new Uri(settings.HttpBase(silo), "health/ready");
            try
            {
                using var response = await _http.GetAsync(uri, cancellation);
                if (response.IsSuccessStatusCode)
                {
                    continue;
                }

                throw new InvalidOperationException($"Silo {silo} is not ready: GET {uri} answered {(int)response.StatusCode}.");
            }
            catch (HttpRequestException error)
            {
                throw new InvalidOperationException($"Silo {silo} is not reachable: GET {uri} failed ({error.Message}). Is the local stack running with --silos {settings.Silos}?", error);
            }
        }
    }

    /// <summary>Fails when a warehouse is not registered: its events would be dead-lettered, never visible.</summary>
    public async Task EnsureWarehousesAsync(CancellationToken cancellation)
    {
        foreach (string warehouse in settings.Warehouses)
        {
            var uri = new Uri(settings.HttpBase(0), $"api/warehouses/{Uri.EscapeDataString(warehouse)}");
            using var response = await _http.GetAsync(uri, cancellation);
            if (response.StatusCode == HttpStatusCode.NotFound)
            {
                throw new InvalidOperationException($"Warehouse '{warehouse}' is not registered (GET {uri} answered 404); its events would be dead-lettered.");
            }

            response.EnsureSuccessStatusCode();
        }
    }

    public void Dispose() => _http.Dispose();
}
