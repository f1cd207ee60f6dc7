using System.CommandLine;
using Orleans.Inventory.Auth;

namespace Orleans.Inventory.Devices.Cli;

/// <summary>
/// <c>token</c>: prints a development bearer token for the HTTP API, signed with <c>Inventory:Auth:DevelopmentSigningKey</c>
/// from the repository's appsettings.json (copied next to this binary) or the environment. For the embedded and local
/// profiles only; an Azure deployment gets tokens from its OIDC authority.
/// </summary>
internal static class TokenCommand
{
    public static Command Create()
    {
        var roles = new Option<string[]>("--role")
        {
            Description = $"A role to grant (repeat for more): {string.Join(", ", InventoryRoles.All)}",
            Required = true,
            AllowMultipleArgumentsPerToken = true,
        };
        roles.AcceptOnlyFromAmong([.. InventoryRoles.All]);
        var warehouses = new Option<string[]>("--warehouse")
        {
            Description = "A warehouse the token may act on (repeat for more; * for all)",
            DefaultValueFactory = _ => [InventoryClaims.AllWarehouses],
            AllowMultipleArgumentsPerToken = true,
        };
        var subject = new Option<string>("--subject") { Description = "The principal's name (the sub claim)", DefaultValueFactory = _ => "dev-cli" };
        var lifetime = CliOptions.Duration("--lifetime", "How long the token is valid (default Inventory:Auth:DevelopmentTokenLifetime, 12h)");
        var command = new Command("token", "Print a development bearer token for the HTTP API (development signing key from configuration)")
        {
            roles, warehouses, subject, lifetime,
        };
        command.SetAction(parseResult =>
        {
            var options = DevelopmentTokens.ReadOptions(AppContext.BaseDirectory);
            if (!options.UsesDevelopmentKey)
            {
                parseResult.InvocationConfiguration.Error.WriteLine(
                    $"token: no development key in use ({InventoryAuthOptions.SectionName}:DevelopmentSigningKey empty or an Authority set); get a token from the authority instead.");
                return 2;
            }

            var token = new DevelopmentTokens(options).Create(parseResult.GetValue(subject)!, parseResult.GetValue(roles)!,
                parseResult.GetValue(warehouses)!, parseResult.GetValue(lifetime));
            parseResult.InvocationConfiguration.Output.WriteLine(token);
            return 0;
        });
        return command;
    }
}
