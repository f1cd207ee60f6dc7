namespace Orleans.Inventory.LoadTests;

/// <summary>
/// One read of every load key through the API: the applied effects visible then (sum of <c>version</c>), how many
/// events had been sent by then, and when (the midpoint of the read, which takes <see cref="ReadTime"/>).
/// </summary>
internal sealed record VisibilitySample(long At, long StartedAt, TimeSpan ReadTime, long Visible, long Sent, StockReading[] Readings);
