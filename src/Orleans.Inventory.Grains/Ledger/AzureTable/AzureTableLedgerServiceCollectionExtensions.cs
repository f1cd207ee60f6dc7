using System.Text.RegularExpressions;
using Azure.Data.Tables;
using Azure.Identity;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Orleans.Inventory.Grains.Ledger.AzureTable;

/// <summary>Registers <see cref="AzureTableLedgerStore"/> as the ledger.</summary>
public static partial class AzureTableLedgerServiceCollectionExtensions
{
    /// <summary>
    /// Uses the Azure Table ledger, configured from <c>Inventory:Ledger</c> (<see cref="AzureTableLedgerOptions"/>),
    /// validated at start.
    /// </summary>
    public static IServiceCollection AddAzureTableLedgerStore(this IServiceCollection services)
    {
        services.AddOptions<AzureTableLedgerOptions>().BindConfiguration(AzureTableLedgerOptions.SectionName)
            .Validate(o => string.IsNullOrWhiteSpace(o.ConnectionString) != (o.ServiceUri is null),
                $"{AzureTableLedgerOptions.SectionName}: give either ConnectionString (Azurite: UseDevelopmentStorage=true) or ServiceUri (Azure, DefaultAzureCredential), not both.")
            .Validate(o => TableNamePattern().IsMatch(o.TableName),
                $"{AzureTableLedgerOptions.SectionName}:TableName must be 3 to 63 letters and digits, starting with a letter.")
            .ValidateOnStart();
        services.AddSingleton<ILedgerStore>(provider =>
        {
            var options = provider.GetRequiredService<IOptions<AzureTableLedgerOptions>>().Value;
            var client = options.ServiceUri is { } uri
                ? new TableServiceClient(uri, new DefaultAzureCredential())
                : new TableServiceClient(options.ConnectionString);
            return new AzureTableLedgerStore(client.GetTableClient(options.TableName), provider.GetRequiredService<ILogger<AzureTableLedgerStore>>());
        });
        return services;
    }

    [GeneratedRegex("^[A-Za-z][A-Za-z0-9]{2,62}$")]
    private static partial Regex TableNamePattern();
}
