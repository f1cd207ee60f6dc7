namespace Orleans.Inventory.Devices.SentFiles;

/// <summary>A sent file read back.</summary>
internal sealed record SentRun(SentFileHeader Header, IReadOnlyList<SentEvent> Events, IReadOnlyList<SentMalformed> Malformed);
