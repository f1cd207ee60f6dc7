using System.Text.Json.Nodes;

namespace Orleans.Inventory.Tests.LiveStream;

/// <summary>One server-sent event as a client reads it.</summary>
public sealed record SseMessage(long? Id, string Event, string Data)
{
    public JsonNode Json => JsonNode.Parse(Data)!;
}
