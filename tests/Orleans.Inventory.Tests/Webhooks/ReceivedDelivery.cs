namespace Orleans.Inventory.Tests.Webhooks;

/// <summary>One POST the test receiver got, and whether its signature checked out with the receiver's secret.</summary>
public sealed record ReceivedDelivery(
    string? DeliveryId,
    string? EventType,
    string? Timestamp,
    string? Signature,
    string? ContentType,
    string Body,
    bool SignatureValid,
    int AnsweredStatus);
