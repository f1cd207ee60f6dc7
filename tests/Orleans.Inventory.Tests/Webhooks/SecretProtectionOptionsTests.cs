using Microsoft.AspNetCore.DataProtection;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Orleans.Inventory.Grains;
using Orleans.Inventory.Grains.Secrets;

namespace Orleans.Inventory.Tests.Webhooks;

/// <summary>
/// The key ring configuration (<c>Inventory:DataProtection</c>): silos sharing a FileSystem key folder and application
/// name read each other's secrets (the local durable profile's two silos); another application name or the in-memory
/// store cannot; a FileSystem store without a folder is refused at start.
/// </summary>
public sealed class SecretProtectionOptionsTests : IDisposable
{
    private readonly string _keys = Path.Combine(Path.GetTempPath(), $"inventory-keys-{Guid.NewGuid():N}");

    public void Dispose()
    {
        if (Directory.Exists(_keys))
        {
            Directory.Delete(_keys, recursive: true);
        }
    }

    private static ServiceProvider Silo(params (string Key, string Value)[] settings)
    {
        var services = new ServiceCollection();
        services.AddLogging();
        services.AddSingleton<IConfiguration>(new ConfigurationBuilder()
            .AddInMemoryCollection(settings.Select(s => new KeyValuePair<string, string?>(s.Key, s.Value))).Build());
        services.AddInventorySecretProtection();
        return services.BuildServiceProvider();
    }

    private ServiceProvider FileSystemSilo(string applicationName = "Orleans.Inventory") => Silo(
        ("Inventory:DataProtection:KeyStore", "FileSystem"),
        ("Inventory:DataProtection:KeyDirectory", _keys),
        ("Inventory:DataProtection:ApplicationName", applicationName));

    [Fact]
    public void TwoSilosSharingTheKeyFolderAndApplicationNameReadEachOthersSecrets()
    {
        using var first = FileSystemSilo();
        using var second = FileSystemSilo();

        var stored = first.GetRequiredService<WebhookSecretProtector>().Protect("shared-secret-0123456789");

        Assert.Equal("shared-secret-0123456789", second.GetRequiredService<WebhookSecretProtector>().Unprotect(stored));
        Assert.NotEmpty(Directory.GetFiles(_keys, "key-*.xml"));
    }

    [Fact]
    public void AnotherApplicationNameOrAProcessOwnKeyRingCannotReadThem()
    {
        using var first = FileSystemSilo();
        using var otherName = FileSystemSilo("Some.Other.App");
        using var inMemory = Silo();

        var stored = first.GetRequiredService<WebhookSecretProtector>().Protect("shared-secret-0123456789");

        var wrongName = Assert.Throws<System.Security.Cryptography.CryptographicException>(() => otherName.GetRequiredService<WebhookSecretProtector>().Unprotect(stored));
        Assert.Contains("Inventory:DataProtection", wrongName.Message, StringComparison.Ordinal);
        Assert.Throws<System.Security.Cryptography.CryptographicException>(() => inMemory.GetRequiredService<WebhookSecretProtector>().Unprotect(stored));
    }

    [Fact]
    public void TheApplicationNameIsDataProtectionsDiscriminator()
    {
        using var silo = FileSystemSilo("Orleans.Inventory.Tests");

        Assert.Equal("Orleans.Inventory.Tests", silo.GetRequiredService<IOptions<DataProtectionOptions>>().Value.ApplicationDiscriminator);
    }

    [Theory]
    [InlineData("FileSystem", null, "KeyDirectory")]
    [InlineData("Vault", null, "KeyStore")]
    public void AnIncompleteKeyStoreIsRefusedNamingTheSetting(string store, string? directory, string setting)
    {
        var settings = new List<(string, string)> { ("Inventory:DataProtection:KeyStore", store) };
        if (directory is not null)
        {
            settings.Add(("Inventory:DataProtection:KeyDirectory", directory));
        }

        using var silo = Silo([.. settings]);

        var refused = Assert.Throws<OptionsValidationException>(() => silo.GetRequiredService<IOptions<SecretProtectionOptions>>().Value);
        Assert.Contains($"Inventory:DataProtection:{setting}", refused.Message, StringComparison.Ordinal);
    }
}
