namespace Orleans.Inventory.Api.SystemPanel;

/// <summary>One instrument as this process sees it now.</summary>
/// <param name="Kind"><c>counter</c>, <c>updown_counter</c>, <c>histogram</c> or <c>gauge</c>.</param>
/// <param name="DroppedSeries">Measurements whose tag set was not kept (the instrument had too many tag sets).</param>
public sealed record InstrumentReading(string Name, string? Unit, string Kind, string? Description, IReadOnlyList<SeriesReading> Series, long DroppedSeries);
