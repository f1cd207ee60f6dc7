namespace Orleans.Inventory.Events;

/// <summary>Machine-readable rejection codes. Stable: clients and dashboards filter on them.</summary>
public static class RejectionCodes
{
    /// <summary>A whole message is unreadable: not JSON, or not one event object or a non-empty array of them.</summary>
    public const string MalformedMessage = "malformed_message";

    /// <summary>The element is not a JSON object.</summary>
    public const string NotAnObject = "not_an_object";

    /// <summary>A required field is absent or null.</summary>
    public const string MissingField = "missing_field";

    /// <summary>A field has the wrong JSON type (a string where a number belongs, say).</summary>
    public const string WrongType = "wrong_type";

    /// <summary>A field has the right type but a value outside what is allowed.</summary>
    public const string InvalidValue = "invalid_value";

    /// <summary>The <c>event</c> field names no known event type.</summary>
    public const string UnknownEventType = "unknown_event_type";

    /// <summary>The timestamp lies further in the future than the allowed clock skew.</summary>
    public const string TimestampInFuture = "timestamp_in_future";

    /// <summary>The event is older than the lateness horizon, or a count the grain can no longer place exactly.</summary>
    public const string TooLate = "too_late";

    /// <summary>The warehouse (<c>location</c>) is not registered; register it, then replay the dead letter.</summary>
    public const string UnknownWarehouse = "unknown_warehouse";

    /// <summary>A reservation asked for more than is available. A business answer: not dead-lettered.</summary>
    public const string InsufficientStock = "insufficient_stock";

    /// <summary>A release or commit named a reservation this record does not hold.</summary>
    public const string ReservationNotFound = "reservation_not_found";

    /// <summary>A reserve named a reservation id that is already closed, or a commit/release one already closed otherwise.</summary>
    public const string ReservationClosed = "reservation_closed";

    /// <summary>The record holds as many active reservations as it may. A business answer: not dead-lettered.</summary>
    public const string TooManyReservations = "too_many_reservations";

    /// <summary>
    /// The event's warehouse is outside the warehouses the sender's token may act on (the HTTP API's per-event check).
    /// An authorization answer: told to the caller, not dead-lettered (a replay would apply it under someone else's rights).
    /// </summary>
    public const string ForbiddenWarehouse = "forbidden_warehouse";

    /// <summary>Not a refusal: the code on a superseded event's explanation (a newer count covers its time).</summary>
    public const string Superseded = "superseded";

    /// <summary>Every code a rejection can carry.</summary>
    public static IReadOnlyList<string> All { get; } =
        [MalformedMessage, NotAnObject, MissingField, WrongType, InvalidValue, UnknownEventType, TimestampInFuture, TooLate, UnknownWarehouse,
         InsufficientStock, ReservationNotFound, ReservationClosed, TooManyReservations, ForbiddenWarehouse];

    /// <summary>
    /// Refusals that are ordinary business answers (the caller is told, the ledger records them) rather than bad or
    /// undeliverable input, so they are not dead-lettered.
    /// </summary>
    public static bool IsBusinessRefusal(string code) => code is InsufficientStock or TooManyReservations or ReservationClosed;
}
