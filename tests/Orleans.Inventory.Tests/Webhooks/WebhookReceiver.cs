using System.Collections.Concurrent;
using System.Net;
using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Orleans.Inventory.Tests.Webhooks;

/// <summary>
/// A real webhook receiver: a tiny Kestrel app on 127.0.0.1 that checks each POST's signature the way the README
/// tells receivers to, records it, and answers <see cref="Status"/> (or waits for <see cref="Hold"/> first).
/// It can be stopped and started again on the same port, to play a receiver that is down.
/// </summary>
public sealed class WebhookReceiver(string secret) : IAsyncDisposable
{
    private readonly ConcurrentQueue<ReceivedDelivery> _received = new();
    private WebApplication? _app;
    private int _held;

    public int Port { get; private set; }

    public Uri Url => new($"http://127.0.0.1:{Port}/hooks/inventory");

    /// <summary>What to answer; 503 plays a receiver that is up but failing.</summary>
    public HttpStatusCode Status { get; set; } = HttpStatusCode.OK;

    /// <summary>When set, each request waits for it before answering (a slow receiver).</summary>
    public TaskCompletionSource? Hold { get; set; }

    public IReadOnlyList<ReceivedDelivery> Received => [.. _received];

    /// <summary>Requests that arrived and are waiting for <see cref="Hold"/>.</summary>
    public int Held => _held;

    public async Task StartAsync(int port = 0)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseKestrel(kestrel => kestrel.Listen(IPAddress.Loopback, port));
        _app = builder.Build();
        _app.MapPost("/hooks/inventory", HandleAsync);
        await _app.StartAsync();
        var address = _app.Services.GetRequiredService<IServer>().Features.GetRequiredFeature<IServerAddressesFeature>().Addresses.Single();
        Port = new Uri(address).Port;
    }

    public async Task StopAsync()
    {
        if (_app is not null)
        {
            await _app.StopAsync();
            await _app.DisposeAsync();
            _app = null;
        }
    }

    public ValueTask DisposeAsync() => new(StopAsync());

    /// <summary>The check a receiver makes: HMAC-SHA256 over "{timestamp}.{raw body}" with the secret, compared in constant time.</summary>
    public static bool Verify(string secret, string? timestamp, byte[] body, string? signature)
    {
        if (timestamp is null || signature is null)
        {
            return false;
        }

        var signed = Encoding.UTF8.GetBytes($"{timestamp}.").Concat(body).ToArray();
        var expected = "sha256=" + Convert.ToHexStringLower(HMACSHA256.HashData(Encoding.UTF8.GetBytes(secret), signed));
        return CryptographicOperations.FixedTimeEquals(Encoding.ASCII.GetBytes(expected), Encoding.ASCII.GetBytes(signature));
    }

    private async Task<IResult> HandleAsync(HttpRequest request)
    {
        using var buffer = new MemoryStream();
        await request.Body.CopyToAsync(buffer);
        var body = buffer.ToArray();
        var timestamp = request.Headers["X-Inventory-Timestamp"].SingleOrDefault();
        var signature = request.Headers["X-Inventory-Signature"].SingleOrDefault();
        if (Hold is { } hold)
        {
            Interlocked.Increment(ref _held);
            await hold.Task;
            Interlocked.Decrement(ref _held);
        }

        var status = Status;
        _received.Enqueue(new ReceivedDelivery(
            request.Headers["X-Inventory-Delivery"].SingleOrDefault(),
            request.Headers["X-Inventory-Event"].SingleOrDefault(),
            timestamp,
            signature,
            request.ContentType,
            Encoding.UTF8.GetString(body),
            Verify(secret, timestamp, body, signature),
            (int)status));
        return Results.StatusCode((int)status);
    }
}
