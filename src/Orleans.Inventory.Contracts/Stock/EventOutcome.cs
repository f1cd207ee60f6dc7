namespace Orleans.Inventory;

/// <summary>What a stock grain did with one event. Wire names are snake_case.</summary>
public enum EventOutcome
{
    /// <summary>The event changed the record.</summary>
    Applied = 1,

    /// <summary>The event had already been applied or superseded; acknowledged, nothing changed.</summary>
    Duplicate = 2,

    /// <summary>A newer stock count already covers the event's time; recorded, not applied.</summary>
    Superseded = 3,

    /// <summary>The event was refused (see the reason) and dead-lettered; nothing changed.</summary>
    Rejected = 4,
}
