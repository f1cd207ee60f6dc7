using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Orleans.Configuration;
using Orleans.Inventory.Client;
using Orleans.Inventory.Security;
using Orleans.Inventory.Tls;
using Orleans.Inventory.Warehouses;
using Orleans.Runtime;

namespace Orleans.Inventory.Tests.Durable;

/// <summary>
/// Two processes of the real silo host with the Local profile (appsettings.Local.json), distinct ports, tables of
/// this run: they find each other through the Azure Table membership table, form one cluster over mutual TLS (the
/// profile turns it on) and serve the API over HTTPS.
/// </summary>
[Collection(AzuriteCollection.Name)]
public sealed class LocalProfileProcessTests(Azurite azurite)
{
    [Fact]
    public async Task TwoSiloProcessesOfTheLocalProfileFormOneClusterOverTlsAndServeTheApiOverHttps()
    {
        var clusterId = $"local-{azurite.RunId}";
        var settings = new Dictionary<string, string>
        {
            ["Orleans__ClusterId"] = clusterId,
            ["Orleans__Clustering__TableName"] = azurite.TableName("Silos"),
            ["Orleans__GrainStorage__inventory__TableName"] = azurite.TableName("SiloState"),
            ["Orleans__GrainStorage__PubSubStore__TableName"] = azurite.TableName("SiloPubSub"),
            ["Orleans__Reminders__TableName"] = azurite.TableName("SiloReminders"),
            ["Inventory__Tables__StockTable"] = azurite.TableName("SiloStock"),
            ["Inventory__Tables__RegionTable"] = azurite.TableName("SiloRegions"),
            // No Event Hubs here (a silo with a device stream needs it to start); DeviceStreamProcessTests has one.
            ["Inventory__DeviceStreams__ConnectionString"] = "",
        };
        await using var first = SiloProcess.Start(settings, https: true);
        await using var second = SiloProcess.Start(settings, https: true);
        using var http = SiloProcess.AdminClient();
        await first.WaitUntilReadyAsync(http, TimeSpan.FromMinutes(3));
        await second.WaitUntilReadyAsync(http, TimeSpan.FromMinutes(3));

        Assert.Equal("https", first.BaseAddress.Scheme);
        var certificates = SiloProcess.Certificates;
        // A trusted tier: it signs its calls with the caller-envelope key the silos read from the same appsettings.json
        // (only that key: the file's Orleans section is the silo's, not this client's).
        var signingKey = new ConfigurationBuilder().AddJsonFile(Path.Combine(AppContext.BaseDirectory, "appsettings.json")).Build()
            [$"{CallerEnvelopeOptions.SectionName}:SigningKey"];
        using var clientHost = new HostBuilder()
            .ConfigureAppConfiguration(configuration => configuration
                .AddInMemoryCollection(new Dictionary<string, string?>
                {
                    [$"{CallerEnvelopeOptions.SectionName}:SigningKey"] = signingKey,
                    [$"{TrustedCallerOptions.SectionName}:Subject"] = "local-profile-test",
                    [$"{TrustedCallerOptions.SectionName}:Roles:0"] = "admin",
                    [$"{TrustedCallerOptions.SectionName}:Warehouses:0"] = "*",
                })
                // ... and over TLS, with the client certificate of this run's development CA.
                .AddInMemoryCollection(certificates.Settings(certificates.Client)))
            .ConfigureServices(services => services.AddTrustedCallerEnvelopes())
            .UseOrleansClient(client => client
                .UseStaticClustering(new IPEndPoint(IPAddress.Loopback, first.GatewayPort), new IPEndPoint(IPAddress.Loopback, second.GatewayPort))
                .Configure<ClusterOptions>(options => (options.ClusterId, options.ServiceId) = (clusterId, "orleans-inventory"))
                .UseInventoryTls())
            .Build();
        await clientHost.StartAsync();
        var grains = clientHost.Services.GetRequiredService<IClusterClient>();

        // Each silo learns of the other only through the membership table in Azurite.
        var hosts = await Infrastructure.Eventually.WaitForAsync(
            () => grains.GetGrain<IManagementGrain>(0).GetHosts(onlyActive: true),
            found => found.Count == 2, TimeSpan.FromMinutes(1), "both silos active in one cluster");
        Assert.Equal(new[] { first.SiloPort, second.SiloPort }.Order(), hosts.Keys.Select(silo => silo.Endpoint.Port).Order());
        Assert.All(new[] { first, second }, silo => Assert.Contains("TLS on (Silo): own certificate CN=inventory-silo", silo.Output, StringComparison.Ordinal));

        var warehouse = $"wh-{azurite.RunId}";
        await grains.GetGrain<IWarehouseRegistryGrain>(IWarehouseRegistryGrain.Key)
            .PutAsync(new WarehouseInfo(warehouse, "region_local", "Local profile test"));
        var sent = await http.PostAsync(new Uri(first.BaseAddress, "/api/events"), new StringContent(
            $$"""{"event":"item_added","product_id":"SKU123","location":"{{warehouse}}","quantity":10,"timestamp":"2026-02-16T09:00:00Z"}"""));
        Assert.True(sent.IsSuccessStatusCode, await sent.Content.ReadAsStringAsync());
        Assert.Contains("\"outcome\":\"applied\"", await sent.Content.ReadAsStringAsync(), StringComparison.Ordinal);

        // The other silo serves the same record and the same ledger (Azure Table), whichever silo holds the grain.
        using var stock = JsonDocument.Parse(await http.GetStringAsync(new Uri(second.BaseAddress, $"/api/stock/{warehouse}/SKU123")));
        Assert.Equal(10, stock.RootElement.GetProperty("available_quantity").GetInt64());
        var ledger = await http.GetFromJsonAsync<JsonElement>(new Uri(second.BaseAddress, $"/api/stock/{warehouse}/SKU123/ledger"));
        Assert.Equal(1, ledger.GetProperty("entries").GetArrayLength());

        await clientHost.StopAsync();
    }
}
