using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.DataProtection.KeyManagement;
using Microsoft.AspNetCore.DataProtection.Repositories;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Orleans.Inventory.Grains.Secrets;

// In the grains namespace so AddInventoryGrains calls it with one line and no extra using.
namespace Orleans.Inventory.Grains;

public static class SecretProtectionServiceCollectionExtensions
{
    /// <summary>
    /// Registers ASP.NET Core Data Protection for secrets the silo keeps (webhook secrets), with the key ring and
    /// application name of <see cref="SecretProtectionOptions"/> (<c>Inventory:DataProtection</c>, validated at start),
    /// and the <see cref="WebhookSecretProtector"/> that uses it.
    /// </summary>
    public static IServiceCollection AddInventorySecretProtection(this IServiceCollection services)
    {
        const string Section = SecretProtectionOptions.SectionName;
        services.AddOptions<SecretProtectionOptions>().BindConfiguration(Section)
            .Validate(o => !string.IsNullOrWhiteSpace(o.ApplicationName), $"{Section}:ApplicationName must be set (the same on every silo).")
            .Validate(o => o.KeyStore is "Memory" or "FileSystem", $"{Section}:KeyStore must be Memory or FileSystem.")
            .Validate(o => o.KeyStore != "FileSystem" || !string.IsNullOrWhiteSpace(o.KeyDirectory),
                $"{Section}:KeyDirectory is required with KeyStore FileSystem (a folder every silo shares, e.g. .data/dataprotection-keys).")
            .ValidateOnStart();

        services.AddDataProtection();
        services.AddOptions<DataProtectionOptions>()
            .Configure<IOptions<SecretProtectionOptions>>((dataProtection, secrets) =>
                dataProtection.ApplicationDiscriminator = secrets.Value.ApplicationName);
        services.TryAddSingleton<InMemoryXmlRepository>();
        services.AddOptions<KeyManagementOptions>()
            .Configure<IOptions<SecretProtectionOptions>, InMemoryXmlRepository, ILoggerFactory>((keys, secrets, memory, loggers) =>
                keys.XmlRepository = secrets.Value.KeyStore == "FileSystem"
                    ? new FileSystemXmlRepository(new DirectoryInfo(Path.GetFullPath(secrets.Value.KeyDirectory!)), loggers)
                    : (IXmlRepository)memory);
        services.TryAddSingleton<WebhookSecretProtector>();
        return services;
    }
}
