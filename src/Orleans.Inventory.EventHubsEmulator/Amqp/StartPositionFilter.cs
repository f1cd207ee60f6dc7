using System.Globalization;
using System.Text.RegularExpressions;
using Microsoft.Azure.Amqp.Encoding;
using Microsoft.Azure.Amqp.Framing;
using Orleans.Inventory.EventHubsEmulator.Storage;

namespace Orleans.Inventory.EventHubsEmulator.Amqp;

/// <summary>
/// Reads the start position from a consumer link's source filter, the selector expression the SDKs send,
/// e.g. <c>amqp.annotation.x-opt-offset &gt;= 120</c> or <c>amqp.annotation.x-opt-offset &gt; '@latest'</c>.
/// </summary>
internal static partial class StartPositionFilter
{
    /// <summary>Returns the position, or null with a reason when the filter names none the emulator understands.</summary>
    public static StartPosition? Parse(FilterSet? filters, out string? error)
    {
        error = null;
        if (filters is null)
        {
            return StartPosition.Latest;
        }

        foreach (var (_, value) in filters)
        {
            var expression = value switch
            {
                DescribedType described => described.Value as string,
                string text => text,
                _ => null,
            };
            if (expression is null)
            {
                continue;
            }

            var match = Expression().Match(expression);
            if (!match.Success)
            {
                error = $"The filter expression '{expression}' is not one the emulator understands.";
                return null;
            }

            var field = match.Groups["field"].Value.ToLowerInvariant();
            var inclusive = match.Groups["op"].Value == ">=";
            var operand = match.Groups["value"].Value.Trim('\'', '"');
            if (field == "offset" && operand.Equals("@latest", StringComparison.OrdinalIgnoreCase))
            {
                return StartPosition.Latest;
            }

            if (!long.TryParse(operand, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var number))
            {
                error = $"The value '{operand}' in filter '{expression}' is not a number.";
                return null;
            }

            return field switch
            {
                "offset" when number < 0 => StartPosition.Earliest,
                "offset" => new StartPosition(StartPositionKind.Offset, number, inclusive),
                "sequence-number" when number < 0 && !inclusive => StartPosition.Earliest,
                "sequence-number" => new StartPosition(StartPositionKind.SequenceNumber, number, inclusive),
                _ => new StartPosition(StartPositionKind.EnqueuedTime, number, inclusive),
            };
        }

        return StartPosition.Latest;
    }

    [GeneratedRegex(@"^\s*amqp\.annotation\.x-opt-(?<field>offset|sequence-number|enqueued-time)\s*(?<op>>=|>)\s*(?<value>\S+)\s*$", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex Expression();
}
