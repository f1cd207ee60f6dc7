using Microsoft.AspNetCore.Http;

namespace Orleans.Inventory.Api.Audit;

/// <summary>
/// What a handler knows that the audit's filter and middleware cannot see in its answer: a more precise action (a
/// region change), the target it resolved (a created webhook's id), the reason of a refusal and a detail.
/// </summary>
internal sealed class AuditNote
{
    private static readonly object Key = new();

    public string? Action { get; set; }

    public string? Target { get; set; }

    public string? Reason { get; set; }

    public string? Detail { get; set; }

    /// <summary>The request's note, made on first use.</summary>
    public static AuditNote For(HttpContext context)
    {
        if (context.Items.TryGetValue(Key, out var existing) && existing is AuditNote note)
        {
            return note;
        }

        note = new AuditNote();
        context.Items[Key] = note;
        return note;
    }

    public static AuditNote? Of(HttpContext context) => context.Items.TryGetValue(Key, out var note) ? note as AuditNote : null;
}
