using System.CommandLine;
using Orleans.Inventory.Auth;
using Orleans.Inventory.Devices.Verification;

namespace Orleans.Inventory.Devices.Cli;

/// <summary><c>verify</c>: the stock the HTTP API reports against the model of what the sent file says was sent.</summary>
internal static class VerifyCommand
{
    public static Command Create()
    {
        var sent = new Option<string>("--sent") { Description = "The sent file written by simulate", Required = true };
        var api = new Option<string>("--api") { Description = "Base URL of the HTTP API", DefaultValueFactory = _ => "http://127.0.0.1:5080" };
        var wait = CliOptions.Duration("--wait", "Re-check mismatches until they match or this long has passed (e.g. 120s)");
        var baseline = new Option<long>("--dead-letter-baseline") { Description = "Dead letters recorded before the run (subtracted from the total)" };
        var parallelism = new Option<int>("--parallelism") { Description = "Stock reads in flight at once", DefaultValueFactory = _ => 8 };
        var token = new Option<string?>("--token")
        {
            Description = "Bearer token for the API (viewer and auditor rights; default: $INVENTORY_API_TOKEN, else a development token from Inventory:Auth:DevelopmentSigningKey)",
        };
        var authority = new Option<string?>("--ca-certificate")
        {
            Description = "PEM file of the CA an https:// API's certificate must chain to, instead of the machine's roots (the local durable profile: .data/certs/ca.pem)",
        };
        var command = new Command("verify", "Check the stock and dead letters the API reports against what simulate sent") { sent, api, wait, baseline, parallelism, token, authority };
        command.SetAction(async (parseResult, cancellationToken) =>
        {
            var apiText = parseResult.GetValue(api)!;
            var options = new VerifyOptions
            {
                SentPath = parseResult.GetValue(sent)!,
                Api = Uri.TryCreate(apiText.EndsWith('/') ? apiText : apiText + "/", UriKind.Absolute, out var uri) ? uri : new Uri("relative", UriKind.Relative),
                Wait = parseResult.GetValue(wait) ?? TimeSpan.Zero,
                DeadLetterBaseline = parseResult.GetValue(baseline),
                Parallelism = parseResult.GetValue(parallelism),
            };
            if (options.Validate() is { Count: > 0 } errors)
            {
                return CliOptions.Invalid(parseResult, errors);
            }

            HttpMessageHandler handler = new SocketsHttpHandler();
            if (parseResult.GetValue(authority) is { Length: > 0 } authorityPath)
            {
                var (trusting, error) = CertificateAuthorityTrust.Handler("--ca-certificate", authorityPath);
                if (trusting is null)
                {
                    return CliOptions.Invalid(parseResult, [error!]);
                }

                handler = trusting;
            }

            using var http = new HttpClient(handler) { BaseAddress = options.Api, Timeout = TimeSpan.FromSeconds(30) };
            if (BearerToken(parseResult.GetValue(token)) is { } bearer)
            {
                http.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", bearer);
            }

            var verifier = new Verifier(new InventoryApiClient(http), parseResult.InvocationConfiguration.Output, TimeProvider.System);
            var result = await verifier.RunAsync(options, cancellationToken);
            return result.ExitCode;
        });
        return command;
    }

    /// <summary>The token given, or in the environment, or a development one with the rights verify needs (none without a development key).</summary>
    private static string? BearerToken(string? given)
    {
        if (!string.IsNullOrEmpty(given))
        {
            return given;
        }

        if (Environment.GetEnvironmentVariable("INVENTORY_API_TOKEN") is { Length: > 0 } fromEnvironment)
        {
            return fromEnvironment;
        }

        var options = DevelopmentTokens.ReadOptions(AppContext.BaseDirectory);
        return options.UsesDevelopmentKey
            ? new DevelopmentTokens(options).Create("dev-verify", [InventoryRoles.Viewer, InventoryRoles.Auditor], [InventoryClaims.AllWarehouses])
            : null;
    }
}
