using System.Text.Json;
using Orleans.Inventory.Events;

namespace Orleans.Inventory.Tests.Events;

public sealed class InventoryEventParserTests
{
    private const string Seed =
        """{"event":"item_removed","product_id":"SKU123","location":"warehouse_A","quantity":5,"timestamp":"2026-02-16T10:00:00Z"}""";

    private static readonly DateTimeOffset Now = new(2026, 11, 27, 0, 0, 0, TimeSpan.Zero);
    private static readonly EventValidationOptions Options = new();

    private static ParsedEvent ParseOne(string json)
    {
        using var document = JsonDocument.Parse(json);
        return InventoryEventParser.ParseBatch(document.RootElement, Now, Options).Single();
    }

    [Fact]
    public void TheSeedExampleIsValidAsIs()
    {
        var parsed = ParseOne(Seed);

        Assert.Null(parsed.Rejection);
        var e = parsed.Event!;
        Assert.Equal(InventoryEventType.ItemRemoved, e.Type);
        Assert.Equal("SKU123", e.ProductId);
        Assert.Equal("warehouse_A", e.WarehouseId);
        Assert.Equal(5, e.Quantity);
        Assert.Equal(new DateTimeOffset(2026, 2, 16, 10, 0, 0, TimeSpan.Zero), e.Timestamp);
        Assert.StartsWith(EventIdentity.DerivedPrefix, e.EventId, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("item_added", InventoryEventType.ItemAdded)]
    [InlineData("item_removed", InventoryEventType.ItemRemoved)]
    [InlineData("item_damaged", InventoryEventType.ItemDamaged)]
    [InlineData("item_returned", InventoryEventType.ItemReturned)]
    [InlineData("stock_counted", InventoryEventType.StockCounted)]
    [InlineData("item_reserved", InventoryEventType.ItemReserved)]
    [InlineData("reservation_released", InventoryEventType.ReservationReleased)]
    [InlineData("reservation_committed", InventoryEventType.ReservationCommitted)]
    [InlineData("transfer_received", InventoryEventType.TransferReceived)]
    public void EveryEventTypeParses(string wireName, InventoryEventType expected)
    {
        var parsed = ParseOne(Seed.Replace("item_removed", wireName, StringComparison.Ordinal).Replace("}", ""","reference":"REF-1"}""", StringComparison.Ordinal));

        Assert.Equal(expected, parsed.Event!.Type);
        Assert.Equal(wireName, parsed.Event.Type.ToWireName());
    }

    [Fact]
    public void ATransferShipmentCarriesItsDestinationAndExpectedArrival()
    {
        var parsed = ParseOne("""
            {"event":"transfer_shipped","product_id":"SKU1","location":"w1","quantity":3,"timestamp":"2026-02-16T10:00:00Z",
             "reference":"TR-9","destination":"w2","expected_arrival":"2026-02-18T08:00:00+01:00"}
            """);

        var e = parsed.Event!;
        Assert.Equal(InventoryEventType.TransferShipped, e.Type);
        Assert.Equal("w2", e.Destination);
        Assert.Equal(new DateTimeOffset(2026, 2, 18, 7, 0, 0, TimeSpan.Zero), e.ExpectedArrival);
        Assert.Contains("\"destination\":\"w2\"", InventoryEventJson.Serialize(e), StringComparison.Ordinal);
    }

    [Fact]
    public void ASentEventIdIsKeptAndOptionalFieldsAreRead()
    {
        var parsed = ParseOne("""
            {"event":"item_added","product_id":"SKU1","warehouse_id":"wh-1","quantity":3,"timestamp":"2026-02-16T12:00:00+02:00",
             "event_id":"evt-42","device_id":"rfid-7","reference":"PO-9","reason":"received"}
            """);

        var e = parsed.Event!;
        Assert.Equal("evt-42", e.EventId);
        Assert.Equal("rfid-7", e.DeviceId);
        Assert.Equal("PO-9", e.Reference);
        Assert.Equal("received", e.Reason);
        Assert.Equal("wh-1", e.WarehouseId);
        Assert.Equal(new DateTimeOffset(2026, 2, 16, 10, 0, 0, TimeSpan.Zero), e.Timestamp);
        Assert.Equal(TimeSpan.Zero, e.Timestamp.Offset);
    }

    [Fact]
    public void ADerivedEventIdIsTheSameForACopyAndDiffersWithContentOrSource()
    {
        var first = ParseOne(Seed).Event!.EventId;
        var copy = ParseOne(Seed).Event!.EventId;
        var sameInstantOtherZone = ParseOne(Seed.Replace("2026-02-16T10:00:00Z", "2026-02-16T11:00:00+01:00", StringComparison.Ordinal)).Event!.EventId;
        var otherQuantity = ParseOne(Seed.Replace("\"quantity\":5", "\"quantity\":6", StringComparison.Ordinal)).Event!.EventId;
        var otherDevice = ParseOne(Seed.Replace("{", """{"device_id":"scanner-2",""", StringComparison.Ordinal)).Event!.EventId;

        Assert.Equal(first, copy);
        Assert.Equal(first, sameInstantOtherZone);
        Assert.NotEqual(first, otherQuantity);
        Assert.NotEqual(first, otherDevice);
    }

    [Fact]
    public void AnArrayIsABatchAndEachElementIsJudgedAlone()
    {
        using var document = JsonDocument.Parse($"[{Seed}, 42, {Seed.Replace("SKU123", "bad/id", StringComparison.Ordinal)}]");

        var parsed = InventoryEventParser.ParseBatch(document.RootElement, Now, Options);

        Assert.Equal([0, 1, 2], parsed.Select(p => p.Index));
        Assert.NotNull(parsed[0].Event);
        Assert.Equal(RejectionCodes.NotAnObject, parsed[1].Rejection!.Code);
        Assert.Equal("product_id", parsed[2].Rejection!.Field);
        Assert.Equal("bad/id", parsed[2].ProductId);
    }

    public static TheoryData<string, string, string> Invalid => new()
    {
        // json, expected code, expected field
        { """{"product_id":"SKU1","location":"w","quantity":1,"timestamp":"2026-02-16T10:00:00Z"}""", RejectionCodes.MissingField, "event" },
        { """{"event":7,"product_id":"SKU1","location":"w","quantity":1,"timestamp":"2026-02-16T10:00:00Z"}""", RejectionCodes.WrongType, "event" },
        { """{"event":"item_teleported","product_id":"SKU1","location":"w","quantity":1,"timestamp":"2026-02-16T10:00:00Z"}""", RejectionCodes.UnknownEventType, "event" },
        { """{"event":"item_added","location":"w","quantity":1,"timestamp":"2026-02-16T10:00:00Z"}""", RejectionCodes.MissingField, "product_id" },
        { """{"event":"item_added","product_id":123,"location":"w","quantity":1,"timestamp":"2026-02-16T10:00:00Z"}""", RejectionCodes.WrongType, "product_id" },
        { """{"event":"item_added","product_id":"","location":"w","quantity":1,"timestamp":"2026-02-16T10:00:00Z"}""", RejectionCodes.InvalidValue, "product_id" },
        { """{"event":"item_added","product_id":"a/b","location":"w","quantity":1,"timestamp":"2026-02-16T10:00:00Z"}""", RejectionCodes.InvalidValue, "product_id" },
        { """{"event":"item_added","product_id":"a#b","location":"w","quantity":1,"timestamp":"2026-02-16T10:00:00Z"}""", RejectionCodes.InvalidValue, "product_id" },
        { """{"event":"item_added","product_id":"a b","location":"w","quantity":1,"timestamp":"2026-02-16T10:00:00Z"}""", RejectionCodes.InvalidValue, "product_id" },
        { """{"event":"item_added","product_id":"a?b","location":"w","quantity":1,"timestamp":"2026-02-16T10:00:00Z"}""", RejectionCodes.InvalidValue, "product_id" },
        { """{"event":"item_added","product_id":"caf\u00e9","location":"w","quantity":1,"timestamp":"2026-02-16T10:00:00Z"}""", RejectionCodes.InvalidValue, "product_id" },
        { """{"event":"item_added","product_id":"a\u0000b","location":"w","quantity":1,"timestamp":"2026-02-16T10:00:00Z"}""", RejectionCodes.InvalidValue, "product_id" },
        { $$"""{"event":"item_added","product_id":"{{new string('x', 129)}}","location":"w","quantity":1,"timestamp":"2026-02-16T10:00:00Z"}""", RejectionCodes.InvalidValue, "product_id" },
        { """{"event":"item_added","product_id":"SKU1","quantity":1,"timestamp":"2026-02-16T10:00:00Z"}""", RejectionCodes.MissingField, "location" },
        { """{"event":"item_added","product_id":"SKU1","location":"w\\x","quantity":1,"timestamp":"2026-02-16T10:00:00Z"}""", RejectionCodes.InvalidValue, "location" },
        { """{"event":"item_added","product_id":"SKU1","location":"w1","warehouse_id":"w2","quantity":1,"timestamp":"2026-02-16T10:00:00Z"}""", RejectionCodes.InvalidValue, "warehouse_id" },
        { """{"event":"item_added","product_id":"SKU1","location":"w","timestamp":"2026-02-16T10:00:00Z"}""", RejectionCodes.MissingField, "quantity" },
        { """{"event":"item_added","product_id":"SKU1","location":"w","quantity":"5","timestamp":"2026-02-16T10:00:00Z"}""", RejectionCodes.WrongType, "quantity" },
        { """{"event":"item_added","product_id":"SKU1","location":"w","quantity":0,"timestamp":"2026-02-16T10:00:00Z"}""", RejectionCodes.InvalidValue, "quantity" },
        { """{"event":"item_removed","product_id":"SKU1","location":"w","quantity":-5,"timestamp":"2026-02-16T10:00:00Z"}""", RejectionCodes.InvalidValue, "quantity" },
        { """{"event":"stock_counted","product_id":"SKU1","location":"w","quantity":-1,"timestamp":"2026-02-16T10:00:00Z"}""", RejectionCodes.InvalidValue, "quantity" },
        { """{"event":"item_added","product_id":"SKU1","location":"w","quantity":2.5,"timestamp":"2026-02-16T10:00:00Z"}""", RejectionCodes.InvalidValue, "quantity" },
        { """{"event":"item_added","product_id":"SKU1","location":"w","quantity":1000000001,"timestamp":"2026-02-16T10:00:00Z"}""", RejectionCodes.InvalidValue, "quantity" },
        { """{"event":"item_added","product_id":"SKU1","location":"w","quantity":99999999999999999999999,"timestamp":"2026-02-16T10:00:00Z"}""", RejectionCodes.InvalidValue, "quantity" },
        { """{"event":"item_added","product_id":"SKU1","location":"w","quantity":1e400,"timestamp":"2026-02-16T10:00:00Z"}""", RejectionCodes.InvalidValue, "quantity" },
        { """{"event":"item_added","product_id":"SKU1","location":"w","quantity":1}""", RejectionCodes.MissingField, "timestamp" },
        { """{"event":"item_added","product_id":"SKU1","location":"w","quantity":1,"timestamp":1771236000}""", RejectionCodes.WrongType, "timestamp" },
        { """{"event":"item_added","product_id":"SKU1","location":"w","quantity":1,"timestamp":"yesterday"}""", RejectionCodes.InvalidValue, "timestamp" },
        { """{"event":"item_added","product_id":"SKU1","location":"w","quantity":1,"timestamp":"2026-02-16T10:00:00"}""", RejectionCodes.InvalidValue, "timestamp" },
        { """{"event":"item_added","product_id":"SKU1","location":"w","quantity":1,"timestamp":"2026-02-30T10:00:00Z"}""", RejectionCodes.InvalidValue, "timestamp" },
        { """{"event":"item_added","product_id":"SKU1","location":"w","quantity":1,"timestamp":"1970-01-01T00:00:00Z"}""", RejectionCodes.InvalidValue, "timestamp" },
        { """{"event":"item_added","product_id":"SKU1","location":"w","quantity":1,"timestamp":"2026-11-28T00:00:00Z"}""", RejectionCodes.TimestampInFuture, "timestamp" },
        { """{"event":"item_added","product_id":"SKU1","location":"w","quantity":1,"timestamp":"2026-02-16T10:00:00Z","event_id":"a/b"}""", RejectionCodes.InvalidValue, "event_id" },
        { """{"event":"item_added","product_id":"SKU1","location":"w","quantity":1,"timestamp":"2026-02-16T10:00:00Z","event_id":17}""", RejectionCodes.WrongType, "event_id" },
        { """{"event":"item_added","product_id":"SKU1","location":"w","quantity":1,"timestamp":"2026-02-16T10:00:00Z","device_id":"dev ice"}""", RejectionCodes.InvalidValue, "device_id" },
        { $$"""{"event":"item_added","product_id":"SKU1","location":"w","quantity":1,"timestamp":"2026-02-16T10:00:00Z","reference":"{{new string('r', 257)}}"}""", RejectionCodes.InvalidValue, "reference" },
        { """{"event":"item_added","product_id":"SKU1","location":"w","quantity":1,"timestamp":"2026-02-16T10:00:00Z","reason":"line\nbreak"}""", RejectionCodes.InvalidValue, "reason" },
        { """{"event":"item_added","product_id":"SKU1","location":"w","quantity":1,"timestamp":"2026-02-16T10:00:00Z","reason":false}""", RejectionCodes.WrongType, "reason" },
        { "[1]", RejectionCodes.NotAnObject, "" },
        { """{"event":"item_reserved","product_id":"SKU1","location":"w","quantity":1,"timestamp":"2026-02-16T10:00:00Z"}""", RejectionCodes.MissingField, "reference" },
        { """{"event":"reservation_committed","product_id":"SKU1","location":"w","quantity":1,"timestamp":"2026-02-16T10:00:00Z","reference":"SO 1"}""", RejectionCodes.InvalidValue, "reference" },
        { """{"event":"item_reserved","product_id":"SKU1","location":"w","quantity":1,"timestamp":"2026-02-16T10:00:00Z","reference":"SO-1","ttl_seconds":0}""", RejectionCodes.InvalidValue, "ttl_seconds" },
        { """{"event":"item_reserved","product_id":"SKU1","location":"w","quantity":1,"timestamp":"2026-02-16T10:00:00Z","reference":"SO-1","ttl_seconds":"60"}""", RejectionCodes.WrongType, "ttl_seconds" },
        { """{"event":"transfer_shipped","product_id":"SKU1","location":"w","quantity":1,"timestamp":"2026-02-16T10:00:00Z","reference":"TR-1","expected_arrival":"2026-02-17T10:00:00Z"}""", RejectionCodes.MissingField, "destination" },
        { """{"event":"transfer_shipped","product_id":"SKU1","location":"w","quantity":1,"timestamp":"2026-02-16T10:00:00Z","reference":"TR-1","destination":"w","expected_arrival":"2026-02-17T10:00:00Z"}""", RejectionCodes.InvalidValue, "destination" },
        { """{"event":"transfer_shipped","product_id":"SKU1","location":"w","quantity":1,"timestamp":"2026-02-16T10:00:00Z","reference":"TR-1","destination":"w2"}""", RejectionCodes.MissingField, "expected_arrival" },
        { """{"event":"transfer_shipped","product_id":"SKU1","location":"w","quantity":1,"timestamp":"2026-02-16T10:00:00Z","reference":"TR-1","destination":"w2","expected_arrival":"soon"}""", RejectionCodes.InvalidValue, "expected_arrival" },
        { """{"event":"transfer_shipped","product_id":"SKU1","location":"w","quantity":1,"timestamp":"2026-02-16T10:00:00Z","reference":"TR-1","destination":"w2","expected_arrival":"2026-02-15T10:00:00Z"}""", RejectionCodes.InvalidValue, "expected_arrival" },
        { """{"event":"transfer_received","product_id":"SKU1","location":"w","quantity":1,"timestamp":"2026-02-16T10:00:00Z"}""", RejectionCodes.MissingField, "reference" },
    };

    [Theory]
    [MemberData(nameof(Invalid))]
    public void AnInvalidEventIsRejectedWithAReasonNamingTheField(string json, string code, string field)
    {
        var parsed = ParseOne(json);

        Assert.Null(parsed.Event);
        var rejection = parsed.Rejection!;
        Assert.Equal(code, rejection.Code);
        Assert.Equal(field, rejection.Field ?? string.Empty);
        Assert.False(string.IsNullOrWhiteSpace(rejection.Message));
        if (field.Length > 0)
        {
            Assert.StartsWith(field + ": ", rejection.Reason, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void EveryRejectionCodeIsExercised()
    {
        var parserCodes = Invalid.Select(row => (string)row[1]).ToHashSet();

        // The rest only a stock grain can decide: too_late (StockGrainTests), unknown_warehouse (DeadLetterReplayTests),
        // insufficient_stock, reservation_not_found, reservation_closed (ReservationTests), too_many_reservations (ReservationLimitTests);
        // malformed_message only the device stream consumer decides, for a whole message (DeviceStreamTests); forbidden_warehouse
        // only the HTTP API, from the caller's token (SecurityTests).
        string[] grainOnly = [RejectionCodes.MalformedMessage, RejectionCodes.TooLate, RejectionCodes.UnknownWarehouse, RejectionCodes.InsufficientStock,
            RejectionCodes.ReservationNotFound, RejectionCodes.ReservationClosed, RejectionCodes.TooManyReservations, RejectionCodes.ForbiddenWarehouse];
        Assert.Equal(RejectionCodes.All.Except(grainOnly).Order(), parserCodes.Order());
    }

    [Fact]
    public void AWholeNumberWrittenWithAFractionOrExponentIsAccepted()
    {
        Assert.Equal(5, ParseOne(Seed.Replace("\"quantity\":5", "\"quantity\":5.0", StringComparison.Ordinal)).Event!.Quantity);
        Assert.Equal(500, ParseOne(Seed.Replace("\"quantity\":5", "\"quantity\":5e2", StringComparison.Ordinal)).Event!.Quantity);
    }
}
