using Orleans.Inventory.Tests.Infrastructure;

namespace Orleans.Inventory.Tests.Security;

/// <summary>
/// The abuse limits turned on and small: 3 requests at once per principal, refilled at 1 a second; 2 live streams per
/// principal and 3 in all; webhooks to private addresses refused (the default fixture allows them for its local receivers).
/// </summary>
public sealed class SecurityLimitsFixture : InventoryClusterFixture
{
    public const int Burst = 3;

    protected override IReadOnlyDictionary<string, string?> Settings { get; } = new Dictionary<string, string?>
    {
        ["Inventory:RateLimits:Enabled"] = "true",
        ["Inventory:RateLimits:RequestsPerSecond"] = "1",
        ["Inventory:RateLimits:Burst"] = $"{Burst}",
        ["Inventory:LiveStream:MaxConnectionsPerPrincipal"] = "2",
        ["Inventory:LiveStream:MaxConnections"] = "3",
        ["Inventory:Webhooks:AllowPrivateAddresses"] = "false",
    };
}

[CollectionDefinition(Name)]
public sealed class SecurityLimitsCollection : ICollectionFixture<SecurityLimitsFixture>
{
    public const string Name = "security limits";
}
