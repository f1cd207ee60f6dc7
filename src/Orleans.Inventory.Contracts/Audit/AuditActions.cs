namespace Orleans.Inventory.Audit;

/// <summary>The actions, outcomes and reasons the audit feed records.</summary>
public static class AuditActions
{
    /// <summary>A warehouse registered, or its region or name changed (the detail says which, and what it was).</summary>
    public const string WarehousePut = "warehouse.put";
    public const string ThresholdSet = "threshold.set";
    public const string WebhookCreate = "webhook.create";
    public const string WebhookDelete = "webhook.delete";
    public const string DeadLetterReplay = "deadletter.replay";

    /// <summary>Denied attempts, aggregated per minute, actor (or remote address), route and reason.</summary>
    public const string AuthDenied = "auth.denied";

    public const string Ok = "ok";
    public const string Refused = "refused";

    public const string Unauthenticated = "unauthenticated";
    public const string Forbidden = "forbidden";
    public const string ForbiddenWarehouse = "forbidden_warehouse";
    public const string RateLimited = "rate_limited";
    public const string Invalid = "invalid";
    public const string NotFound = "not_found";
    public const string Conflict = "conflict";
    public const string TooLarge = "too_large";
    public const string Error = "error";

    /// <summary>The reason of the record that counts denied attempts the aggregation's bound had no room for.</summary>
    public const string Overflow = "overflow";

    /// <summary>The actor of a caller without a valid token.</summary>
    public const string Anonymous = "anonymous";
}
