namespace Orleans.Inventory.Devices.Verification;

/// <summary>What <c>verify</c> checks and against which API.</summary>
internal sealed record VerifyOptions
{
    public required string SentPath { get; init; }

    public Uri Api { get; init; } = new("http://127.0.0.1:5080");

    /// <summary>How long mismatches may take to settle (events may still be flowing); zero checks once.</summary>
    public TimeSpan Wait { get; init; } = TimeSpan.Zero;

    /// <summary>Dead letters that existed before the run.</summary>
    public long DeadLetterBaseline { get; init; }

    /// <summary>How long to pause between re-checks while waiting.</summary>
    public TimeSpan RecheckInterval { get; init; } = TimeSpan.FromSeconds(1);

    /// <summary>Stock reads in flight at once.</summary>
    public int Parallelism { get; init; } = 8;

    public IReadOnlyList<string> Validate()
    {
        var errors = new List<string>();
        if (string.IsNullOrWhiteSpace(SentPath))
        {
            errors.Add("--sent: must name the file simulate wrote");
        }
        else if (!File.Exists(SentPath))
        {
            errors.Add($"--sent: '{SentPath}' does not exist");
        }

        if (!Api.IsAbsoluteUri || (Api.Scheme != Uri.UriSchemeHttp && Api.Scheme != Uri.UriSchemeHttps))
        {
            errors.Add($"--api: '{Api}' must be an absolute http(s) URL");
        }

        if (Wait < TimeSpan.Zero)
        {
            errors.Add($"--wait: must not be negative, got {Wait}");
        }

        if (DeadLetterBaseline < 0)
        {
            errors.Add($"--dead-letter-baseline: must be 0 or more, got {DeadLetterBaseline}");
        }

        if (Parallelism < 1)
        {
            errors.Add($"--parallelism: must be at least 1, got {Parallelism}");
        }

        return errors;
    }
}
