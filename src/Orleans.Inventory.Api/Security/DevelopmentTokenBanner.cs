using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Orleans.Inventory.Auth;

namespace Orleans.Inventory.Api.Security;

/// <summary>
/// Prints a development admin token when the host has started, so the embedded profile runs with one command and the
/// README's curl walkthrough has a token. Silent unless the development key is in use (never with an authority) and
/// <see cref="InventoryAuthOptions.PrintDevelopmentToken"/> is on.
/// </summary>
internal sealed partial class DevelopmentTokenBanner(
    IHostApplicationLifetime lifetime,
    IOptions<InventoryAuthOptions> options,
    ILogger<DevelopmentTokenBanner> logger) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken)
    {
        lifetime.ApplicationStarted.Register(() =>
        {
            var auth = options.Value;
            if (!auth.UsesDevelopmentKey || !auth.PrintDevelopmentToken)
            {
                return;
            }

            LogToken(new DevelopmentTokens(auth).CreateAdmin(), auth.DevelopmentTokenLifetime);
        });
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    [LoggerMessage(EventId = 110, Level = LogLevel.Warning,
        Message = "Development admin token (signed with Inventory:Auth:DevelopmentSigningKey, a development key: never use it in production; valid {Lifetime}): DEV_TOKEN={Token}")]
    private partial void LogToken(string token, TimeSpan lifetime);
}
