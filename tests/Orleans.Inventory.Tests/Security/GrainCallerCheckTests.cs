using System.Buffers.Text;
using System.Text;
using Orleans.Inventory.Audit;
using Orleans.Inventory.DeadLetters;
using Orleans.Inventory.Ledger;
using Orleans.Inventory.Notifications;
using Orleans.Inventory.Products;
using Orleans.Inventory.Regions;
using Orleans.Inventory.Reservations;
using Orleans.Inventory.Security;
using Orleans.Inventory.Tests.Client;
using Orleans.Inventory.Tests.Notifications;
using Orleans.Inventory.Transfers;
using Orleans.Inventory.Warehouses;
using Orleans.Inventory.Webhooks;
using Orleans.Runtime;
using static Orleans.Inventory.Tests.Infrastructure.Events;

namespace Orleans.Inventory.Tests.Security;

/// <summary>
/// Calls through a real TCP gateway from a client that holds no key (<see cref="GatewayClusterFixture.Untrusted"/>), as
/// anyone who reaches the gateway port could make them: the silo's filter refuses a checked call without a valid
/// envelope for the grain's warehouse, and nothing is written.
/// </summary>
[Collection(GatewayClusterCollection.Name)]
public sealed class GrainCallerCheckTests(GatewayClusterFixture fixture)
{
    private IClusterClient Untrusted => fixture.Untrusted;

    private async Task<StockKey> RegisterAsync(StockKey key)
    {
        await fixture.ClientSide.GetGrain<IWarehouseRegistryGrain>(IWarehouseRegistryGrain.Key)
            .PutAsync(new WarehouseInfo(key.WarehouseId, "caller-region", $"Test {key.WarehouseId}"));
        return key;
    }

    private string Envelope(string subject, string[] roles, string[] warehouses, DateTimeOffset? issuedAt = null, TimeSpan? lifetime = null) =>
        fixture.Signer.Issue(subject, CallerContext.Gateway, roles, warehouses, issuedAt ?? DateTimeOffset.UtcNow, lifetime);

    /// <summary>Makes <paramref name="call"/> with <paramref name="envelope"/> (and any other values) in RequestContext; gone afterwards.</summary>
    private static async Task<T> SendingAsync<T>(string? envelope, Func<Task<T>> call, params (string Key, string Value)[] also)
    {
        if (envelope is not null)
        {
            CallerContext.UseEnvelope(envelope);
        }

        foreach (var (key, value) in also)
        {
            RequestContext.Set(key, value);
        }

        return await call();
    }

    private async Task AssertRefusedAndUnchangedAsync(StockKey key, string? envelope, string problem)
    {
        var grain = Untrusted.Stock(key);
        var apply = await Assert.ThrowsAsync<CallerRefusedException>(() => SendingAsync(envelope, () => grain.ApplyAsync([Added(key, 5, T0)])));
        var reserve = await Assert.ThrowsAsync<CallerRefusedException>(() => SendingAsync(envelope, () => grain.ReserveAsync(new ReservationRequest("r-1", 1))));

        Assert.Equal(problem, apply.Problem);
        Assert.Equal(problem, reserve.Problem);
        Assert.Contains("IStockGrain.ApplyAsync", apply.Message, StringComparison.Ordinal);
        Assert.Contains(key.GrainKey, apply.Message, StringComparison.Ordinal);
        // Reads stay open to gateway clients; nothing was written.
        var stock = await grain.GetAsync();
        Assert.Equal((0, 0, 0), (stock.AvailableQuantity, stock.ReservedQuantity, stock.Version));
        Assert.Empty((await grain.GetLedgerAsync(new LedgerQuery())).Entries);
    }

    [Fact]
    public async Task AStockWriteWithoutAnEnvelopeIsRefusedAndChangesNothing()
    {
        var key = await RegisterAsync(FreshKey());

        await AssertRefusedAndUnchangedAsync(key, envelope: null, CallerProblems.Missing);
    }

    [Fact]
    public async Task AStockWriteClaimingAnActorInTheUnsignedKeysIsStillRefused()
    {
        var key = await RegisterAsync(FreshKey());

        var refused = await Assert.ThrowsAsync<CallerRefusedException>(() => SendingAsync(null, () => Untrusted.Stock(key).ApplyAsync([Added(key, 5, T0)]),
            (CallerContext.ActorKey, "user:admin"), (CallerContext.ChannelKey, CallerContext.Http)));

        Assert.Equal(CallerProblems.Missing, refused.Problem);
        Assert.Equal(0, (await Untrusted.Stock(key).GetAsync()).Version);
    }

    [Fact]
    public async Task ATamperedEnvelopeIsRefusedAndChangesNothing()
    {
        var key = await RegisterAsync(FreshKey());
        var other = FreshKey().WarehouseId;
        // A valid envelope for another warehouse, its payload rewritten to cover this one; the signature kept.
        var parts = Envelope("user:mallory", [CallerRoles.Device, CallerRoles.Clerk], [other]).Split('.');
        var payload = Encoding.UTF8.GetString(Base64Url.DecodeFromChars(parts[2])).Replace(other, key.WarehouseId, StringComparison.Ordinal);
        var tampered = string.Join('.', parts[0], parts[1], Base64Url.EncodeToString(Encoding.UTF8.GetBytes(payload)), parts[3]);

        await AssertRefusedAndUnchangedAsync(key, tampered, CallerProblems.BadSignature);
    }

    [Fact]
    public async Task AnExpiredEnvelopeIsRefusedAndChangesNothing()
    {
        var key = await RegisterAsync(FreshKey());
        var expired = Envelope("user:late", [CallerRoles.Device, CallerRoles.Clerk], [key.WarehouseId],
            issuedAt: DateTimeOffset.UtcNow.AddMinutes(-20), lifetime: TimeSpan.FromMinutes(10));

        await AssertRefusedAndUnchangedAsync(key, expired, CallerProblems.Expired);
    }

    [Fact]
    public async Task AnEnvelopeScopedToAnotherWarehouseIsRefusedAndChangesNothing()
    {
        var key = await RegisterAsync(FreshKey());
        var elsewhere = Envelope("user:clerk-b", [CallerRoles.Device, CallerRoles.Clerk], [FreshKey().WarehouseId]);

        await AssertRefusedAndUnchangedAsync(key, elsewhere, CallerProblems.ForbiddenWarehouse);
    }

    [Fact]
    public async Task AnEnvelopeSignedWithAnotherKeyIsRefusedAndChangesNothing()
    {
        var key = await RegisterAsync(FreshKey());
        var stranger = new CallerEnvelopeSigner(new CallerEnvelopeOptions { SigningKey = "some-other-tier-key-0123456789abcdefgh" })
            .Issue("user:stranger", CallerContext.Gateway, [CallerRoles.Admin], ["*"], DateTimeOffset.UtcNow);

        await AssertRefusedAndUnchangedAsync(key, stranger, CallerProblems.UnknownKey);
    }

    [Fact]
    public async Task AnEnvelopeWithoutARoleForTheCallIsRefusedAndChangesNothing()
    {
        var key = await RegisterAsync(FreshKey());
        var viewer = Envelope("user:viewer", [CallerRoles.Viewer, CallerRoles.Auditor], [key.WarehouseId]);

        await AssertRefusedAndUnchangedAsync(key, viewer, CallerProblems.ForbiddenRole);
    }

    [Fact]
    public async Task AValidEnvelopeWritesAndTheLedgerRecordsItsSubjectNotTheUnsignedActor()
    {
        var key = await RegisterAsync(FreshKey());
        var envelope = Envelope("user:alice", [CallerRoles.Device, CallerRoles.Clerk], [key.WarehouseId, FreshKey().WarehouseId]);
        var grain = Untrusted.Stock(key);

        var applied = await SendingAsync(envelope, () => grain.ApplyAsync([Added(key, 5, T0)]), (CallerContext.ActorKey, "user:mallory"));
        var reserved = await SendingAsync(envelope, () => grain.ReserveAsync(new ReservationRequest("r-alice", 2)));
        var entries = (await grain.GetLedgerAsync(new LedgerQuery())).Entries;

        Assert.Equal(EventOutcome.Applied, Assert.Single(applied).Outcome);
        Assert.Equal(ReservationState.Active, reserved.State);
        Assert.Equal((3, 2), (reserved.Stock.AvailableQuantity, reserved.Stock.ReservedQuantity));
        Assert.Equal(2, entries.Count);
        Assert.All(entries, entry => Assert.Equal(("user:alice", CallerContext.Gateway), (entry.Actor, entry.Channel)));
    }

    [Fact]
    public async Task TheTrustedClientLibrarySignsItsCallsAndTheLedgerRecordsTheTier()
    {
        var key = await RegisterAsync(FreshKey());

        var results = await fixture.Inventory.ApplyAsync([Added(key, 4, T0)]);
        var entry = Assert.Single((await Untrusted.Stock(key).GetLedgerAsync(new LedgerQuery())).Entries);

        Assert.Equal(EventOutcome.Applied, Assert.Single(results).Outcome);
        Assert.Equal(($"client:{GatewayClusterFixture.TrustedSubject}", CallerContext.Gateway), (entry.Actor, entry.Channel));
    }

    [Fact]
    public async Task AdministrativeCallsWithoutAnEnvelopeAreRefusedAndChangeNothing()
    {
        var warehouse = FreshKey().WarehouseId;
        var product = $"P-{Guid.NewGuid():N}";
        var registry = Untrusted.GetGrain<IWarehouseRegistryGrain>(IWarehouseRegistryGrain.Key);
        var region = Untrusted.GetGrain<IRegionGrain>("caller-region");
        var webhooks = Untrusted.GetGrain<IWebhookRegistryGrain>(IWebhookRegistryGrain.Key);
        var before = await webhooks.ListAsync();
        var threshold = (await region.GetProductAsync(product)).Threshold;

        var refusals = new[]
        {
            await Assert.ThrowsAsync<CallerRefusedException>(() => registry.PutAsync(new WarehouseInfo(warehouse, "caller-region", "Forged"))),
            await Assert.ThrowsAsync<CallerRefusedException>(() => registry.SeedAsync([new WarehouseInfo(warehouse, "caller-region", "Forged")])),
            await Assert.ThrowsAsync<CallerRefusedException>(() => region.SetThresholdAsync(product, new StockThreshold(5, 10))),
            await Assert.ThrowsAsync<CallerRefusedException>(() => webhooks.CreateAsync(new WebhookRequest(new Uri("https://example.com/hook"), [NotificationType.LowStock], "secret-0123456789"))),
            await Assert.ThrowsAsync<CallerRefusedException>(() => Untrusted.GetGrain<IDeadLetterGrain>(0).RemoveAsync(["letter"])),
        };

        Assert.All(refusals, refused => Assert.Equal(CallerProblems.Missing, refused.Problem));
        Assert.Null(await registry.GetAsync(warehouse));
        Assert.Equal(before.Count, (await webhooks.ListAsync()).Count);
        Assert.Equal(threshold, (await region.GetProductAsync(product)).Threshold);
    }

    [Fact]
    public async Task WhatOnlyTheSiloSendsIsRefusedToAnyOtherRoleAndChangesNothing()
    {
        var key = FreshKey();
        var transferId = $"T-{Guid.NewGuid():N}";
        // A valid envelope with every role but admin and system: transfer reports, region feeds, the audit feed, the
        // product and transfer indexes and webhook queues are fed by the silo's own components only.
        var everyRole = Envelope("user:busy", [CallerRoles.Device, CallerRoles.Clerk, CallerRoles.Manager, CallerRoles.Viewer, CallerRoles.Auditor], ["*"]);
        var transfer = Untrusted.GetGrain<ITransferGrain>(transferId);
        var region = Untrusted.GetGrain<IRegionGrain>("caller-region");
        var audit = Untrusted.GetGrain<IAuditDayGrain>("2026-12-04");
        var products = Untrusted.GetGrain<IProductIndexGrain>(key.ProductId);

        var refusals = new[]
        {
            await Assert.ThrowsAsync<CallerRefusedException>(() => SendingAsync(everyRole, async () =>
            {
                await transfer.ShippedAsync(new TransferShipment(transferId, key.ProductId, key.WarehouseId, "elsewhere", 5, T0, T0.AddDays(1)));
                return 0;
            })),
            await Assert.ThrowsAsync<CallerRefusedException>(() => SendingAsync(everyRole, async () => (await region.FeedAsync([])).Count)),
            await Assert.ThrowsAsync<CallerRefusedException>(() => SendingAsync(everyRole, async () =>
            {
                await region.ApplyTransitAsync([]);
                return 0;
            })),
            await Assert.ThrowsAsync<CallerRefusedException>(() => SendingAsync(everyRole, async () =>
            {
                await audit.AppendAsync([]);
                return 0;
            })),
            await Assert.ThrowsAsync<CallerRefusedException>(() => SendingAsync(everyRole, async () =>
            {
                await products.AddWarehouseAsync(key.WarehouseId);
                return 0;
            })),
            await Assert.ThrowsAsync<CallerRefusedException>(() => SendingAsync(everyRole, async () =>
            {
                await Untrusted.GetGrain<ITransferIndexGrain>(ITransferIndexGrain.Key).UpsertAsync(null!);
                return 0;
            })),
            await Assert.ThrowsAsync<CallerRefusedException>(() => SendingAsync(everyRole, async () =>
            {
                await Untrusted.GetGrain<IWebhookGrain>($"wh-{Guid.NewGuid():N}").EnqueueAsync(
                    TestStreams.Notify(NotificationType.LowStock, DateTimeOffset.UtcNow, "caller-region", productId: key.ProductId));
                return 0;
            })),
        };
        var noEnvelope = await Assert.ThrowsAsync<CallerRefusedException>(() => Untrusted.GetGrain<IDeadLetterGrain>(0).AddAsync([]));

        Assert.All(refusals, refused => Assert.Equal(CallerProblems.ForbiddenRole, refused.Problem));
        Assert.Equal(CallerProblems.Missing, noEnvelope.Problem);
        Assert.Null(await transfer.GetAsync());
        Assert.Empty(await products.GetWarehousesAsync());
    }

    [Fact]
    public async Task AWarehouseRegistrationIsCheckedAgainstTheWarehouseItNames()
    {
        var (inScope, outOfScope) = (FreshKey().WarehouseId, FreshKey().WarehouseId);
        var manager = Envelope("user:manager-a", [CallerRoles.Manager], [inScope]);
        var registry = Untrusted.GetGrain<IWarehouseRegistryGrain>(IWarehouseRegistryGrain.Key);

        var stored = await SendingAsync(manager, () => registry.PutAsync(new WarehouseInfo(inScope, "caller-region", "Mine")));
        var refused = await Assert.ThrowsAsync<CallerRefusedException>(() => SendingAsync(manager, () => registry.PutAsync(new WarehouseInfo(outOfScope, "caller-region", "Theirs"))));

        Assert.Equal(inScope, stored.WarehouseId);
        Assert.Equal(CallerProblems.ForbiddenWarehouse, refused.Problem);
        Assert.Null(await registry.GetAsync(outOfScope));
    }
}
