using Orleans.Inventory.Audit;
using Orleans.Inventory.Ledger;

namespace Orleans.Inventory.Api.Audit;

/// <summary>The key denied attempts are counted under (<see cref="DeniedAttempts"/>); its fields are already bounded.</summary>
internal readonly record struct DeniedAttempt(
    DateTimeOffset Minute, string Actor, string? Remote, string Target, string Reason, int Status, string? Detail, bool Truncated)
{
    public AuditRecord ToRecord(long count) =>
        new(DeniedAttempts.NewId(), Minute, Actor, CallerContext.Http, AuditActions.AuthDenied, Target, AuditActions.Refused, Reason, Status, count, Remote, Detail, Truncated);
}
