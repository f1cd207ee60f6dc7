namespace Orleans.Inventory.Events;

/// <summary>
/// Ids of the events the system makes itself (reservation actions, expiries). They start with
/// <see cref="Marker"/>, a character outside <see cref="IdRules.Alphabet"/>, so no caller can send one: a device or
/// client event with an id like <c>expire:R1</c> is an ordinary event and can never stand in for the expiry of R1.
/// A reservation id is a caller id (at most <see cref="IdRules.MaxLength"/>), and the system id built from it may be
/// longer: system ids are checked by their own rule, not the caller alphabet's length.
/// </summary>
public static class SystemEventIds
{
    public const char Marker = '!';

    public const string Reserve = "!reserve:";

    public const string Release = "!release:";

    public const string Commit = "!commit:";

    public const string Expire = "!expire:";

    /// <summary>Whether the id is in the system's space (whatever a caller claims).</summary>
    public static bool IsSystem(string eventId) => eventId.Length > 0 && eventId[0] == Marker;

    /// <summary>A well-formed system id: a known prefix followed by a valid caller id.</summary>
    public static bool IsValid(string eventId) =>
        new[] { Reserve, Release, Commit, Expire }.FirstOrDefault(prefix => eventId.StartsWith(prefix, StringComparison.Ordinal)) is { } prefix
        && IdRules.IsValid(eventId[prefix.Length..]);
}
