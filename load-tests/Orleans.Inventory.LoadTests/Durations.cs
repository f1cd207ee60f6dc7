using System.Globalization;

namespace Orleans.Inventory.LoadTests;

/// <summary>Reads and writes durations the way people type them on a command line: <c>60s</c>, <c>2m</c>, <c>500ms</c>.</summary>
internal static class Durations
{
    public static bool TryParse(string text, out TimeSpan value)
    {
        text = text.Trim();
        (string number, double scale) = text switch
        {
            _ when text.EndsWith("ms", StringComparison.OrdinalIgnoreCase) => (text[..^2], 0.001),
            _ when text.EndsWith('s') || text.EndsWith('S') => (text[..^1], 1.0),
            _ when text.EndsWith('m') || text.EndsWith('M') => (text[..^1], 60.0),
            _ when text.EndsWith('h') || text.EndsWith('H') => (text[..^1], 3600.0),
            _ => (text, 1.0),
        };
        if (double.TryParse(number, NumberStyles.Float, CultureInfo.InvariantCulture, out double amount) && amount >= 0 && amount < 1e7)
        {
            value = TimeSpan.FromSeconds(amount * scale);
            return true;
        }

        return TimeSpan.TryParse(text, CultureInfo.InvariantCulture, out value) && value >= TimeSpan.Zero;
    }

    public static string Format(TimeSpan value) => value switch
    {
        _ when value < TimeSpan.FromSeconds(1) => $"{value.TotalMilliseconds.ToString("0.#", CultureInfo.InvariantCulture)} ms",
        _ when value < TimeSpan.FromMinutes(2) => $"{value.TotalSeconds.ToString("0.#", CultureInfo.InvariantCulture)} s",
        _ => $"{value.TotalMinutes.ToString("0.#", CultureInfo.InvariantCulture)} min",
    };
}
