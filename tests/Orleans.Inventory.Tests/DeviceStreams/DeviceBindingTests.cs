using System.Net;
using System.Text.Json.Nodes;
using Orleans.Inventory.Audit;
using Orleans.Inventory.DeadLetters;
using Orleans.Inventory.Events;
using Orleans.Inventory.Grains.DeviceStreams;
using Orleans.Inventory.Tests.Infrastructure;
using static Orleans.Inventory.Tests.Infrastructure.DeviceBindingClusterFixture;
using static Orleans.Inventory.Tests.Infrastructure.Events;

namespace Orleans.Inventory.Tests.DeviceStreams;

/// <summary>
/// Devices bound to warehouses on the stream path: an event a device sends for a warehouse outside its binding is not
/// applied, it is dead-lettered <c>forbidden_warehouse</c> and audited naming the device, and its siblings apply; who the
/// device is comes from the publisher endpoint Event Hubs authenticated, never from what the message says.
/// </summary>
[Collection(DeviceBindingClusterCollection.Name)]
public sealed class DeviceBindingTests(DeviceBindingClusterFixture fixture)
{
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(60);

    [Fact]
    public async Task AnEventForAnUnboundWarehouseIsDeadLetteredAndAuditedOnceWhileItsSiblingsApplyOnceThoughTheBatchIsDeliveredAgain()
    {
        var first = await RegisterAsync(WarehouseA);
        var second = await RegisterAsync(WarehouseA);
        var elsewhere = await RegisterAsync(WarehouseB);
        var forbidden = Added(elsewhere, 5, T0);
        var before = await fixture.Grains.GetDeadLettersAsync(1000);
        // The first delivery fails after the refusal was recorded, so Orleans delivers the message again.
        fixture.StockCalls.Fail(first, times: 1);

        await fixture.SendAsDeviceAsync(OneWarehouseDevice, Json(Added(first, 3, T0), forbidden, Added(second, 7, T0)));

        await WaitForStockAsync(first, 3);
        await WaitForStockAsync(second, 7);
        // Its sibling's call had passed the first time: the repeat reached the grain again, and changed nothing.
        Assert.True(fixture.StockCalls.CallsFor(second).Count >= 2, "the message was delivered again after its first stock call failed");
        var letters = await Eventually.WaitForAsync(() => fixture.Grains.GetDeadLettersAsync(1000), page => page.Total > before.Total, Deadline, "the refusal's dead letter");
        Assert.Equal(before.Total + 1, letters.Total);
        var letter = Assert.Single(letters.Items, l => l.EventId == forbidden.EventId);
        Assert.Equal((RejectionCodes.ForbiddenWarehouse, "location", WarehouseB, elsewhere.ProductId), (letter.Code, letter.Field, letter.WarehouseId, letter.ProductId));
        Assert.Contains($"device '{OneWarehouseDevice}' (from the publisher)", letter.Reason, StringComparison.Ordinal);
        Assert.Matches(@"^eventhubs:[0-3]@\d+#1$", letter.Source);

        var record = Assert.Single(await DeniedAsync(OneWarehouseDevice, letter));
        Assert.Equal((AuditActions.Refused, AuditActions.ForbiddenWarehouse, "stream", 1L), ((string?)record["outcome"], (string?)record["reason"], (string?)record["channel"], (long?)record["count"]));
        Assert.Contains($"warehouse_id={WarehouseB}", (string?)record["detail"], StringComparison.Ordinal);

        Assert.Empty(fixture.StockCalls.CallsFor(elsewhere));
        Assert.Equal(0, (await fixture.Grains.Stock(elsewhere).GetAsync()).AvailableQuantity);
        Assert.Single((await fixture.Grains.Stock(first).GetLedgerAsync(new Ledger.LedgerQuery())).Entries, e => e.Outcome == EventOutcome.Applied);
        var repeated = (await fixture.Grains.Stock(second).GetLedgerAsync(new Ledger.LedgerQuery())).Entries;
        Assert.Single(repeated, e => e.Outcome == EventOutcome.Applied);
        Assert.Contains(repeated, e => e.Outcome == EventOutcome.Duplicate);
    }

    [Fact]
    public async Task ADeviceBoundToSeveralWarehousesOrToAllReportsForThem()
    {
        var inA = await RegisterAsync(WarehouseA);
        var inB = await RegisterAsync(WarehouseB);
        var roamed = await RegisterAsync(WarehouseB);

        await fixture.SendAsDeviceAsync(TwoWarehouseDevice, Json(Added(inA, 2, T0), Added(inB, 4, T0)));
        await fixture.SendAsDeviceAsync(RoamingDevice, Json(Added(roamed, 6, T0)));

        await WaitForStockAsync(inA, 2);
        await WaitForStockAsync(inB, 4);
        await WaitForStockAsync(roamed, 6);
    }

    [Fact]
    public async Task ASenderCannotClaimADeviceThroughTheHubWhateverItWritesInTheMessage()
    {
        var target = await RegisterAsync(WarehouseA);
        var claimed = Added(target, 9, T0);

        // A sender with a key that may send to the whole hub claims rfid-a in every place a message can carry it.
        await fixture.SendToHubAsync(Json(claimed),
            new Dictionary<string, object> { [DeviceEventDataAdapter.DeviceIdProperty] = OneWarehouseDevice, ["x-inventory-publisher"] = OneWarehouseDevice },
            message => message.GetRawAmqpMessage().MessageAnnotations[DeviceEventDataAdapter.PublisherAnnotation] = OneWarehouseDevice);

        var letter = await Eventually.WaitForAsync(
            async () => (await fixture.Grains.GetDeadLettersAsync(1000)).Items.FirstOrDefault(l => l.EventId == claimed.EventId),
            found => found is not null, Deadline, "the claimed event's dead letter");
        Assert.Equal(RejectionCodes.ForbiddenWarehouse, letter!.Code);
        Assert.Contains("RequireAuthenticatedPublisher", letter.Reason, StringComparison.Ordinal);
        Assert.Single(await DeniedAsync("unidentified", letter));
        Assert.Empty(fixture.StockCalls.CallsFor(target));
    }

    [Fact]
    public async Task TheAuthenticatedPublisherDecidesAndIsRecordedNotTheDeviceTheMessageNames()
    {
        var own = await RegisterAsync(WarehouseA);
        var other = await RegisterAsync(WarehouseB);
        var borrowed = Make(other, InventoryEventType.ItemAdded, 8, T0, deviceId: TwoWarehouseDevice);

        // rfid-a sends as itself but names rfid-ab (bound to both warehouses) in the property and in the events.
        await fixture.SendAsDeviceAsync(OneWarehouseDevice, Json(Make(own, InventoryEventType.ItemAdded, 1, T0, deviceId: TwoWarehouseDevice), borrowed),
            new Dictionary<string, object> { [DeviceEventDataAdapter.DeviceIdProperty] = TwoWarehouseDevice });

        await WaitForStockAsync(own, 1);
        var entry = Assert.Single((await fixture.Grains.Stock(own).GetLedgerAsync(new Ledger.LedgerQuery())).Entries);
        Assert.Equal($"device:{OneWarehouseDevice}", entry.Actor);
        var letter = await Eventually.WaitForAsync(
            async () => (await fixture.Grains.GetDeadLettersAsync(1000)).Items.FirstOrDefault(l => l.EventId == borrowed.EventId),
            found => found is not null, Deadline, "the borrowed event's dead letter");
        Assert.Equal(RejectionCodes.ForbiddenWarehouse, letter!.Code);
        Assert.Single(await DeniedAsync(OneWarehouseDevice, letter));
        Assert.Empty(fixture.StockCalls.CallsFor(other));
    }

    [Fact]
    public async Task AnUnlistedDeviceReportsForNoWarehouse()
    {
        var key = await RegisterAsync(WarehouseA);
        var stray = Added(key, 2, T0);

        await fixture.SendAsDeviceAsync("stranger-1", Json(stray));

        var letter = await Eventually.WaitForAsync(
            async () => (await fixture.Grains.GetDeadLettersAsync(1000)).Items.FirstOrDefault(l => l.EventId == stray.EventId),
            found => found is not null, Deadline, "the unlisted device's dead letter");
        Assert.Equal(RejectionCodes.ForbiddenWarehouse, letter!.Code);
        Assert.Single(await DeniedAsync("stranger-1", letter));
        Assert.Empty(fixture.StockCalls.CallsFor(key));
    }

    [Fact]
    public void UnlistedDevicesMayReportAnywhereOnlyWhenConfiguredSoAndNeverWithoutAnIdentityWhenAPublisherIsRequired()
    {
        static DeviceBinding Binding(UnlistedDevices unlisted, bool requirePublisher) => new(Microsoft.Extensions.Options.Options.Create(new DeviceBindingOptions
        {
            Warehouses = new(StringComparer.OrdinalIgnoreCase) { ["rfid-1"] = ["warehouse_A"], ["Roamer"] = ["*"] },
            UnlistedDevices = unlisted,
            RequireAuthenticatedPublisher = requirePublisher,
        }));
        var bound = new DeviceIdentity("RFID-1", Authenticated: true);
        var stranger = new DeviceIdentity("rfid-9", Authenticated: true);
        var nobody = new DeviceIdentity(null, Authenticated: false);

        var strict = Binding(UnlistedDevices.Refuse, requirePublisher: false);
        Assert.True(strict.Allows(bound, "warehouse_A"));
        Assert.False(strict.Allows(bound, "warehouse_B"));
        Assert.True(strict.Allows(new DeviceIdentity("roamer", true), "warehouse_Z"));
        Assert.False(strict.Allows(stranger, "warehouse_A"));
        Assert.False(strict.Allows(nobody, "warehouse_A"));
        var lenient = Binding(UnlistedDevices.AnyWarehouse, requirePublisher: false);
        Assert.True(lenient.Allows(stranger, "warehouse_B"));
        Assert.True(lenient.Allows(nobody, "warehouse_B"));
        Assert.False(lenient.Allows(bound, "warehouse_B"));
        Assert.False(Binding(UnlistedDevices.AnyWarehouse, requirePublisher: true).Allows(nobody, "warehouse_B"));
        Assert.True(new DeviceBinding(Microsoft.Extensions.Options.Options.Create(new DeviceBindingOptions())).Allows(nobody, "warehouse_B"));
    }

    [Fact]
    public void ABindingThatCannotWorkIsRefusedNamingEachKey()
    {
        var options = new DeviceBindingOptions
        {
            RequireAuthenticatedPublisher = true,
            Warehouses = new(StringComparer.OrdinalIgnoreCase)
            {
                ["rfid 1"] = ["warehouse_A"],
                ["rfid-2"] = ["warehouse B", "*"],
                ["rfid-3"] = [],
            },
            UnlistedDevices = (UnlistedDevices)7,
        };

        var errors = options.Validate();

        Assert.Contains(errors, e => e.Contains("device id 'rfid 1'", StringComparison.Ordinal));
        Assert.Contains(errors, e => e.Contains("Inventory:Devices:Warehouses:rfid-2: 'warehouse B'", StringComparison.Ordinal));
        Assert.Contains(errors, e => e.Contains("Inventory:Devices:Warehouses:rfid-3 names no warehouse", StringComparison.Ordinal));
        Assert.Contains(errors, e => e.Contains("Inventory:Devices:UnlistedDevices must be Refuse or AnyWarehouse", StringComparison.Ordinal));
        Assert.Equal(4, errors.Count);
        // What the silo runs at start (ValidateOnStart): the same problems stop it.
        var atStart = new DeviceBindingOptionsValidator().Validate(null, options);
        Assert.True(atStart.Failed);
        Assert.Equal(errors, atStart.Failures);
        Assert.Contains("RequireAuthenticatedPublisher needs", Assert.Single(new DeviceBindingOptions { RequireAuthenticatedPublisher = true }.Validate()), StringComparison.Ordinal);
        Assert.Empty(new DeviceBindingOptions().Validate());
    }

    private Task<StockKey> RegisterAsync(string warehouse) =>
        fixture.RegisterAsync(new StockKey(warehouse, $"SKU-bind-{Guid.NewGuid():N}"[..24]));

    /// <summary>The device's denied attempts for the letter's message (the audit names where it sat in Event Hubs, without the element).</summary>
    private Task<List<JsonNode>> DeniedAsync(string device, DeadLetter letter)
    {
        var target = letter.Source[..letter.Source.LastIndexOf('#')];
        return Eventually.WaitForAsync(async () =>
            {
                var (status, page) = await fixture.Http.SendJsonAsync(HttpMethod.Get,
                    $"/api/audit?actor={Uri.EscapeDataString($"device:{device}")}&action={AuditActions.AuthDenied}");
                Assert.Equal(HttpStatusCode.OK, status);
                return page["records"]!.AsArray().Select(r => r!).Where(r => (string?)r["target"] == target).ToList();
            },
            records => records.Count > 0, Deadline, $"the audit of device:{device} for {target}");
    }

    private Task<StockRecord> WaitForStockAsync(StockKey key, long available) =>
        Eventually.WaitForAsync(() => fixture.Grains.Stock(key).GetAsync().AsTask(), record => record.AvailableQuantity == available, Deadline,
            $"{key} reaches {available}");

    private static string Json(params InventoryEvent[] events) => $"[{string.Join(",", events.Select(InventoryEventJson.Serialize))}]";
}
