using System.Globalization;
using System.Net;

namespace Orleans.Inventory.Tests.LiveStream;

/// <summary>Reads <c>GET /api/stream</c> as an EventSource would, every read under a deadline.</summary>
public sealed class SseClient : IAsyncDisposable
{
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(20);

    private readonly HttpResponseMessage _response;
    private readonly StreamReader _reader;

    private SseClient(HttpResponseMessage response, Stream body)
    {
        _response = response;
        _reader = new StreamReader(body);
    }

    /// <summary>Comments seen so far (<c>connected</c>, <c>heartbeat</c>).</summary>
    public List<string> Comments { get; } = [];

    public static async Task<SseClient> OpenAsync(HttpClient http, string path, long? lastEventId = null)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, path);
        if (lastEventId is { } id)
        {
            request.Headers.Add("Last-Event-ID", id.ToString(CultureInfo.InvariantCulture));
        }

        using var timeout = new CancellationTokenSource(Deadline);
        var response = await http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, timeout.Token);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/event-stream", response.Content.Headers.ContentType?.MediaType);
        return new SseClient(response, await response.Content.ReadAsStreamAsync(timeout.Token));
    }

    /// <summary>The next event (comments and bare <c>retry:</c> blocks are skipped), within the deadline.</summary>
    public async Task<SseMessage> ReadAsync(TimeSpan? deadline = null)
    {
        using var timeout = new CancellationTokenSource(deadline ?? Deadline);
        long? id = null;
        string? eventName = null;
        var data = new List<string>();
        try
        {
            while (true)
            {
                var line = await _reader.ReadLineAsync(timeout.Token) ?? throw new EndOfStreamException("The server ended the stream.");
                if (line.Length == 0)
                {
                    if (eventName is not null || data.Count > 0)
                    {
                        return new SseMessage(id, eventName ?? "message", string.Join('\n', data));
                    }

                    continue;
                }

                if (line.StartsWith(':'))
                {
                    Comments.Add(line[1..].Trim());
                    continue;
                }

                var colon = line.IndexOf(':', StringComparison.Ordinal);
                var (field, value) = colon < 0 ? (line, "") : (line[..colon], line[(colon + 1)..].TrimStart(' '));
                switch (field)
                {
                    case "id": id = long.Parse(value, CultureInfo.InvariantCulture); break;
                    case "event": eventName = value; break;
                    case "data": data.Add(value); break;
                }
            }
        }
        catch (OperationCanceledException) when (timeout.IsCancellationRequested)
        {
            throw new TimeoutException($"No server-sent event within {deadline ?? Deadline}.");
        }
    }

    /// <summary>Reads events until one satisfies <paramref name="last"/>; answers all read, that one included.</summary>
    public async Task<List<SseMessage>> ReadUntilAsync(Func<SseMessage, bool> last)
    {
        var messages = new List<SseMessage>();
        while (true)
        {
            var message = await ReadAsync();
            messages.Add(message);
            if (last(message))
            {
                return messages;
            }
        }
    }

    public ValueTask DisposeAsync()
    {
        _reader.Dispose();
        _response.Dispose();
        return ValueTask.CompletedTask;
    }
}
