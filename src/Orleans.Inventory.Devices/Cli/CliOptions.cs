using System.CommandLine;
using System.CommandLine.Parsing;
using System.Globalization;

namespace Orleans.Inventory.Devices.Cli;

/// <summary>Option factories shared by the commands, with parse errors that name the option.</summary>
internal static class CliOptions
{
    public static Option<TimeSpan?> Duration(string name, string description) => new(name)
    {
        Description = description,
        CustomParser = result =>
        {
            var text = result.Tokens.Count == 1 ? result.Tokens[0].Value : string.Empty;
            if (DurationParser.TryParse(text, out var duration))
            {
                return duration;
            }

            result.AddError($"{name}: '{text}' is not a duration (like 500ms, 120s, 2m, 1h or 00:02:00)");
            return null;
        },
    };

    public static Option<DateTimeOffset?> Time(string name, string description) => new(name)
    {
        Description = description,
        CustomParser = result =>
        {
            var text = result.Tokens.Count == 1 ? result.Tokens[0].Value : string.Empty;
            if (DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var time))
            {
                return time.ToUniversalTime();
            }

            result.AddError($"{name}: '{text}' is not a time with a zone (like 2026-11-27T10:00:00Z)");
            return null;
        },
    };

    /// <summary>Reports problems found after parsing (option values that parse but do not fit).</summary>
    public static int Invalid(ParseResult parseResult, IReadOnlyList<string> errors)
    {
        var error = parseResult.InvocationConfiguration.Error;
        foreach (var message in errors)
        {
            error.WriteLine(message);
        }

        return 2;
    }
}
