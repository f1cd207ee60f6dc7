using Microsoft.Extensions.Configuration;

namespace Orleans.Inventory.Tests.Infrastructure;

/// <summary>
/// The <c>Inventory</c> section of the repository's appsettings.json (copied next to the tests), as the hosts read
/// it; the default fixture's in-process silo reads no settings file. For what configuration alone decides, such as
/// the warehouses seeded at silo start.
/// </summary>
public sealed class AppSettingsClusterFixture : InventoryClusterFixture
{
    protected override IReadOnlyDictionary<string, string?> Settings { get; } = new ConfigurationBuilder()
        .AddJsonFile(Path.Combine(AppContext.BaseDirectory, "appsettings.json"))
        .Build()
        .GetSection("Inventory")
        .AsEnumerable()
        .Where(pair => pair.Value is not null)
        .ToDictionary(pair => pair.Key, pair => pair.Value);
}

[CollectionDefinition(Name)]
public sealed class AppSettingsClusterCollection : ICollectionFixture<AppSettingsClusterFixture>
{
    public const string Name = "appsettings cluster";
}
