using System.CommandLine;
using System.Net;
using Orleans.Inventory.Devices.Cli;
using Orleans.Inventory.Tests.Infrastructure;

namespace Orleans.Inventory.Tests.Security;

/// <summary>
/// The devices CLI's <c>token</c> command against an API configured from the repository's appsettings.json: the same
/// development key, issuer, audience and claim names, so what the CLI mints the API accepts, with its role and scope.
/// </summary>
[Collection(AppSettingsClusterCollection.Name)]
public sealed class TokenCommandTests(AppSettingsClusterFixture fixture)
{
    [Fact]
    public async Task ATokenFromTheCliIsAcceptedWithItsRoleAndWarehouseScope()
    {
        using var output = new StringWriter();
        var exitCode = await DevicesCommandLine.Create().Parse(["token", "--role", "viewer", "--warehouse", "warehouse_A"])
            .InvokeAsync(new InvocationConfiguration { Output = output, Error = output });
        Assert.Equal(0, exitCode);
        using var viewer = fixture.CreateClient(output.ToString().Trim());

        using var inScope = await viewer.GetAsync("/api/stock/warehouse_A/SKU123");
        using var outOfScope = await viewer.GetAsync("/api/stock/warehouse_B/SKU123");
        using var notItsRole = await viewer.GetAsync("/api/stock/warehouse_A/SKU123/ledger");

        Assert.Equal(HttpStatusCode.OK, inScope.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, outOfScope.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, notItsRole.StatusCode);
    }

    [Fact]
    public async Task AnUnknownRoleIsRefusedNamingTheChoices()
    {
        using var output = new StringWriter();
        var exitCode = await DevicesCommandLine.Create().Parse(["token", "--role", "root"])
            .InvokeAsync(new InvocationConfiguration { Output = output, Error = output });

        Assert.NotEqual(0, exitCode);
        Assert.Contains("clerk", output.ToString(), StringComparison.Ordinal);
    }
}
