namespace Orleans.Inventory.Webhooks;

/// <summary>Where a delivery stands. Wire names are snake_case; never renumber.</summary>
public enum WebhookDeliveryStatus
{
    /// <summary>Not delivered yet; attempted at <see cref="WebhookDelivery.NextAttemptAt"/>.</summary>
    Pending = 1,

    /// <summary>The receiver answered 2xx.</summary>
    Delivered = 2,

    /// <summary>Given up: the retry window ended, or the queue was full and this was its oldest entry.</summary>
    Abandoned = 3,
}
