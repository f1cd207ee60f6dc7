namespace Orleans.Inventory.LoadTests;

/// <summary>A ratio of two rates measured in the same run; none when either side is missing or the divisor is zero.</summary>
internal static class RateRatio
{
    public static double? Of(double? numerator, double? denominator) =>
        numerator is { } n && denominator is { } d && d > 0 && double.IsFinite(n) && double.IsFinite(d) ? n / d : null;
}
