namespace Orleans.Inventory.Api.LiveUpdates;

/// <summary>
/// Told to a client first when it cannot resume exactly where it left off: what it missed, and where it resumes.
/// </summary>
/// <param name="Reason">
/// <c>fell_out_of_window</c>: items after <paramref name="LastEventId"/> were dropped from the window (ids
/// <paramref name="MissedFromId"/> to <paramref name="MissedToId"/>; some may not have matched the client's filters).
/// <c>unknown_event_id</c>: the id is newer than any this process gave out (it came from another API process or from
/// before a restart), so what was missed cannot be known.
/// </param>
/// <param name="ResumesFromId">The id of the oldest kept item; the client receives the kept items from there on.</param>
public sealed record LiveReset(string Reason, long LastEventId, long? MissedFromId, long? MissedToId, long ResumesFromId)
{
    public const string FellOutOfWindow = "fell_out_of_window";

    public const string UnknownEventId = "unknown_event_id";
}
