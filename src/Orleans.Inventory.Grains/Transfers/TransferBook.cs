using Orleans.Inventory.Transfers;

namespace Orleans.Inventory.Grains.Transfers;

/// <summary>
/// The transfer grain's decisions and its view, over <see cref="TransferState"/> and nothing else (no I/O). Shipments
/// are matched when they are reported (the first accepted one fixes source and destination); receipts are tallied per
/// reporting record and matched when the transfer is read, so the outcome does not depend on which came first.
/// </summary>
internal static class TransferBook
{
    /// <summary>Products per transfer; a shipment of one more product is refused (<c>line_cap</c>).</summary>
    public const int MaxLines = 50;

    /// <summary>Receipt tallies (reporting stock records) per transfer; past it a receipt is dropped (counted).</summary>
    public const int MaxReceiptTallies = 64;

    /// <summary>Refused shipment tallies kept per transfer; past it a refused shipment is dropped (counted).</summary>
    public const int MaxRefusedShipments = 8;

    public const string ShipmentKind = "shipment", ReceiptKind = "receipt";

    /// <summary>
    /// True when this reporting record already reported this (or a later) ledger sequence: a stock record reports in
    /// sequence order, so anything at or below the highest applied is a redelivery. An unsequenced report (0) stands
    /// once per record. A report dropped past a cap left nothing to compare with, so its redelivery is dropped again.
    /// </summary>
    public static bool IsRedelivery(TransferState state, string kind, string warehouseId, string productId, long sequence)
    {
        IEnumerable<long> known = kind == ShipmentKind
            ? [.. state.Lines.Where(l => l.SourceWarehouseId == warehouseId && l.ProductId == productId).Select(l => l.LastSequence),
               .. state.RefusedShipments.Where(r => r.WarehouseId == warehouseId && r.ProductId == productId).Select(r => r.LastSequence)]
            : state.Receipts.Where(r => r.WarehouseId == warehouseId && r.ProductId == productId).Select(r => r.LastSequence);
        var last = known.DefaultIfEmpty(-1).Max();
        return last >= 0 && (sequence == 0 || sequence <= last);
    }

    /// <summary>Applies a shipment report; the refusal reason when it is not accepted as (part of) a line, else null.</summary>
    public static string? Ship(TransferState state, TransferShipment shipment)
    {
        var index = state.Lines.FindIndex(line => line.ProductId == shipment.ProductId);
        var reason = state.DestinationWarehouseId is { } destination && destination != shipment.DestinationWarehouseId ? "destination_mismatch"
            : state.Lines.Count > 0 && state.Lines[0].SourceWarehouseId != shipment.SourceWarehouseId ? "source_mismatch"
            : index < 0 && state.Lines.Count >= MaxLines ? "line_cap"
            : null;
        if (reason is not null)
        {
            if (!Tally(state.RefusedShipments, MaxRefusedShipments,
                    r => r.WarehouseId == shipment.SourceWarehouseId && r.ProductId == shipment.ProductId && r.Reason == reason,
                    known => known with
                    {
                        Quantity = known.Quantity + shipment.Quantity,
                        LastReportedAt = Max(known.LastReportedAt, shipment.ShippedAt),
                        LastSequence = Math.Max(known.LastSequence, shipment.Sequence),
                    },
                    () => new RefusedShipment(shipment.SourceWarehouseId, shipment.ProductId, shipment.Quantity, shipment.ShippedAt, reason, shipment.Sequence)))
            {
                state.Dropped++;
            }

            return reason;
        }

        state.DestinationWarehouseId ??= shipment.DestinationWarehouseId;
        Upsert(state.Lines, index, known => known with
        {
            Quantity = known.Quantity + shipment.Quantity,
            ShippedAt = Min(known.ShippedAt, shipment.ShippedAt),
            ExpectedArrival = Max(known.ExpectedArrival, shipment.ExpectedArrival),
            LastSequence = Math.Max(known.LastSequence, shipment.Sequence),
        }, () => new ShippedLine(shipment.ProductId, shipment.SourceWarehouseId, shipment.Quantity, shipment.ShippedAt, shipment.ExpectedArrival,
            shipment.Sequence));
        return null;
    }

    /// <summary>Tallies a receipt report; false when it was dropped past <see cref="MaxReceiptTallies"/>.</summary>
    public static bool Receive(TransferState state, TransferReceipt receipt)
    {
        if (!Tally(state.Receipts, MaxReceiptTallies,
                r => r.WarehouseId == receipt.DestinationWarehouseId && r.ProductId == receipt.ProductId,
                known => known with
                {
                    Quantity = known.Quantity + receipt.Quantity,
                    ReceivedAt = Max(known.ReceivedAt, receipt.ReceivedAt),
                    LastSequence = Math.Max(known.LastSequence, receipt.Sequence),
                },
                () => new ReceiptTally(receipt.DestinationWarehouseId, receipt.ProductId, receipt.Quantity, receipt.ReceivedAt, receipt.Sequence)))
        {
            state.Dropped++;
            return false;
        }

        return true;
    }

    /// <summary>
    /// The transfer's destination: the first accepted shipment's, or, while only receipts were reported, the warehouse
    /// of the first receipt (a provisional view: those receipts show as lines with nothing shipped).
    /// </summary>
    public static string? Destination(TransferState state) => state.DestinationWarehouseId ?? state.Receipts.FirstOrDefault()?.WarehouseId;

    public static IReadOnlyList<TransferLine> Lines(TransferState state)
    {
        var destination = Destination(state);
        if (state.Lines.Count == 0)
        {
            return [.. state.Receipts.Where(r => r.WarehouseId == destination).Select(r =>
                new TransferLine(r.ProductId, "", 0, r.Quantity, 0, r.Quantity > 0, DateTimeOffset.MinValue, DateTimeOffset.MinValue, r.ReceivedAt,
                    TransferStatus.Received))];
        }

        return [.. state.Lines.Select(line =>
        {
            var receipt = state.Receipts.Find(r => r.WarehouseId == destination && r.ProductId == line.ProductId);
            var received = receipt?.Quantity ?? 0;
            var status = received >= line.Quantity ? TransferStatus.Received
                : received > 0 ? TransferStatus.PartiallyReceived
                : TransferStatus.InTransit;
            return new TransferLine(line.ProductId, line.SourceWarehouseId, line.Quantity, received, Math.Max(0, line.Quantity - received),
                received > line.Quantity, line.ShippedAt, line.ExpectedArrival, receipt?.ReceivedAt, status);
        })];
    }

    /// <summary>Receipts that are not part of the transfer (another warehouse, or a product that is not a line), then refused shipments.</summary>
    public static IReadOnlyList<UnmatchedTransferReport> Unmatched(TransferState state)
    {
        var destination = Destination(state);
        var unmatched = state.Receipts
            .Where(r => r.WarehouseId != destination || (state.Lines.Count > 0 && !state.Lines.Exists(line => line.ProductId == r.ProductId)))
            .Select(r => new UnmatchedTransferReport(ReceiptKind, r.WarehouseId, r.ProductId, r.Quantity, r.ReceivedAt,
                r.WarehouseId != destination ? "not_destination" : "not_a_line"));
        return [.. unmatched, .. state.RefusedShipments.Select(r =>
            new UnmatchedTransferReport(ShipmentKind, r.WarehouseId, r.ProductId, r.Quantity, r.LastReportedAt, r.Reason))];
    }

    /// <summary>True when every line is fully received (and something was reported at all).</summary>
    public static bool IsClosed(IReadOnlyList<TransferLine> lines) => lines.Count > 0 && lines.All(line => line.Status == TransferStatus.Received);

    /// <summary>Late: closed after a delay alert, or a line's last receipt came after that line's expected arrival.</summary>
    public static TransferStatus Status(TransferState state, IReadOnlyList<TransferLine> lines)
    {
        if (IsClosed(lines))
        {
            return state.Delayed || lines.Any(line => line.ShippedQuantity > 0 && line.ReceivedAt > line.ExpectedArrival)
                ? TransferStatus.ReceivedLate
                : TransferStatus.Received;
        }

        return state.Delayed ? TransferStatus.Delayed
            : lines.Any(line => line.ReceivedQuantity > 0) ? TransferStatus.PartiallyReceived
            : TransferStatus.InTransit;
    }

    /// <summary>When the transfer is late if still open: the earliest expected arrival of a line not fully received.</summary>
    public static DateTimeOffset? NextDue(IReadOnlyList<TransferLine> lines) =>
        lines.Where(line => line.Status != TransferStatus.Received && line.ShippedQuantity > 0)
            .Select(line => (DateTimeOffset?)line.ExpectedArrival).Min();

    /// <summary>
    /// Moves a state written before transfers had lines into the lines. What its one shipment and one receipt reported
    /// stands, and any later report from the same stock records is a redelivery (as the first report stood then).
    /// </summary>
    public static void Upgrade(TransferState state)
    {
        if (state.Shipment is { } shipment)
        {
            Ship(state, shipment with { Sequence = long.MaxValue });
        }

        if (state.Receipt is { } receipt)
        {
            Receive(state, receipt with { Sequence = long.MaxValue });
        }

        if (state.PendingTransit is { } transit)
        {
            state.PendingTransits.Add(transit);
        }

        // The region holds this transfer's snapshots at versions 1 (shipped) and 2 (received); later ones must be newer.
        state.TransitVersion = Math.Max(state.TransitVersion, 2);
        (state.Shipment, state.Receipt, state.PendingTransit) = (null, null, null);
    }

    private static void Upsert<T>(List<T> list, int index, Func<T, T> merge, Func<T> create)
    {
        if (index >= 0)
        {
            list[index] = merge(list[index]);
        }
        else
        {
            list.Add(create());
        }
    }

    private static bool Tally<T>(List<T> list, int cap, Predicate<T> same, Func<T, T> merge, Func<T> create)
    {
        var index = list.FindIndex(same);
        if (index < 0 && list.Count >= cap)
        {
            return false;
        }

        Upsert(list, index, merge, create);
        return true;
    }

    private static DateTimeOffset Min(DateTimeOffset a, DateTimeOffset b) => a < b ? a : b;

    private static DateTimeOffset Max(DateTimeOffset a, DateTimeOffset b) => a > b ? a : b;
}
