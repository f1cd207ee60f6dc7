using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Options;

namespace Orleans.Inventory.Api.LiveUpdates;

/// <summary>
/// Counts open live streams per principal and in all (<see cref="LiveStreamOptions.MaxConnectionsPerPrincipal"/>,
/// <see cref="LiveStreamOptions.MaxConnections"/>): each holds a connection and a subscription buffer for as long as
/// the client likes, so both are bounded.
/// </summary>
public sealed class LiveStreamAdmission(IOptions<LiveStreamOptions> options)
{
    private readonly Dictionary<string, int> _perPrincipal = new(StringComparer.Ordinal);
    private readonly Lock _gate = new();
    private int _total;

    /// <summary>Open streams now.</summary>
    public int Count
    {
        get
        {
            lock (_gate)
            {
                return _total;
            }
        }
    }

    /// <summary>Null when admitted (call <see cref="Leave"/> when the stream ends); otherwise the refusal to answer.</summary>
    public IResult? TryEnter(string principal)
    {
        var limits = options.Value;
        lock (_gate)
        {
            if (_total >= limits.MaxConnections)
            {
                return Results.Problem(title: "Too many live streams",
                    detail: $"This API process serves {limits.MaxConnections} live streams, its cap ({LiveStreamOptions.SectionName}:MaxConnections); retry later.",
                    statusCode: StatusCodes.Status503ServiceUnavailable);
            }

            var open = _perPrincipal.GetValueOrDefault(principal);
            if (open >= limits.MaxConnectionsPerPrincipal)
            {
                return Results.Problem(title: "Too many live streams for this principal",
                    detail: $"You hold {open} live streams, the cap per principal ({LiveStreamOptions.SectionName}:MaxConnectionsPerPrincipal); close one first.",
                    statusCode: StatusCodes.Status429TooManyRequests);
            }

            _perPrincipal[principal] = open + 1;
            _total++;
            return null;
        }
    }

    public void Leave(string principal)
    {
        lock (_gate)
        {
            _total--;
            if (_perPrincipal.TryGetValue(principal, out var open) && open > 1)
            {
                _perPrincipal[principal] = open - 1;
            }
            else
            {
                _perPrincipal.Remove(principal);
            }
        }
    }
}
