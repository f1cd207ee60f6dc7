using System.Collections.Concurrent;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace Orleans.Inventory.Devices.Tests.Infrastructure;

/// <summary>
/// A stand-in for the two API routes <c>verify</c> reads, on Kestrel at 127.0.0.1 on a free port. Each key answers
/// its scripted records in turn and then keeps answering the last one; a key never set is zero stock.
/// </summary>
internal sealed class FakeInventoryApi : IAsyncDisposable
{
    private readonly ConcurrentDictionary<string, ConcurrentQueue<(long Available, long Discrepancy)>> _stock = new();
    private readonly WebApplication _app;
    private long _deadLetterTotal;

    private FakeInventoryApi(WebApplication app) => _app = app;

    public Uri BaseAddress { get; private set; } = null!;

    public long DeadLetterTotal
    {
        get => Interlocked.Read(ref _deadLetterTotal);
        set => Interlocked.Exchange(ref _deadLetterTotal, value);
    }

    public static async Task<FakeInventoryApi> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        var app = builder.Build();
        var fake = new FakeInventoryApi(app);
        app.MapGet("/api/stock/{warehouseId}/{productId}", (string warehouseId, string productId) => fake.Stock(warehouseId, productId));
        app.MapGet("/api/dead-letters", () => Results.Json(new Dictionary<string, object> { ["total"] = fake.DeadLetterTotal, ["items"] = Array.Empty<object>() }));
        await app.StartAsync();
        fake.BaseAddress = new Uri(app.Urls.Single().TrimEnd('/') + "/");
        return fake;
    }

    /// <summary>The records the key answers, in turn; the last one stays.</summary>
    public void Answer(string warehouseId, string productId, params (long Available, long Discrepancy)[] answers) =>
        _stock[$"{warehouseId}/{productId}"] = new ConcurrentQueue<(long, long)>(answers);

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }

    private IResult Stock(string warehouseId, string productId)
    {
        var (available, discrepancy) = (0L, 0L);
        if (_stock.TryGetValue($"{warehouseId}/{productId}", out var answers))
        {
            if (answers.Count > 1 && answers.TryDequeue(out var next))
            {
                (available, discrepancy) = next;
            }
            else if (answers.TryPeek(out var last))
            {
                (available, discrepancy) = last;
            }
        }

        return Results.Json(new Dictionary<string, object?>
        {
            ["product_id"] = productId,
            ["warehouse_id"] = warehouseId,
            ["available_quantity"] = available,
            ["reserved_quantity"] = 0L,
            ["last_updated"] = null,
            ["version"] = 1L,
            ["on_hand_quantity"] = available,
            ["discrepancy_quantity"] = discrepancy,
        });
    }
}
