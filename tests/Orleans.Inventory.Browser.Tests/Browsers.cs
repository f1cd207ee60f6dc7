using Microsoft.Playwright;

namespace Orleans.Inventory.Browser.Tests;

/// <summary>
/// Debian's Chromium driven by Playwright. Playwright's own browser download is never used (it cannot work on our
/// machines): the executable is <c>/usr/bin/chromium</c> (or <c>INVENTORY_CHROMIUM</c>), which .ci/run installs with
/// apt when it is missing. A missing browser fails the test with how to install it; it is never a skip.
/// </summary>
public static class Browsers
{
    /// <summary>Flags our machines need: no sandbox as root, no GPU, and no background connections to Google's hosts (refused here).</summary>
    private static readonly string[] Flags =
    [
        "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
        "--disable-component-update", "--disable-sync", "--disable-dev-shm-usage",
    ];

    public static string Executable => Environment.GetEnvironmentVariable("INVENTORY_CHROMIUM") is { Length: > 0 } path ? path : "/usr/bin/chromium";

    public static async Task<(IPlaywright Playwright, IBrowser Browser)> LaunchAsync()
    {
        if (!File.Exists(Executable))
        {
            throw new InvalidOperationException(
                $"No Chromium at {Executable}: install Debian's package (sudo apt-get install chromium), or set INVENTORY_CHROMIUM. .ci/run installs it.");
        }

        var playwright = await Playwright.CreateAsync();
        var browser = await playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = Executable,
            Headless = true,
            Args = Flags,
        });
        return (playwright, browser);
    }

    /// <summary>artifacts/browser/ under the repository root: screenshots CI keeps.</summary>
    public static string ArtifactPath(string name)
    {
        var directory = Path.Combine(RepositoryRoot.Path, "artifacts", "browser");
        Directory.CreateDirectory(directory);
        return Path.Combine(directory, name);
    }
}
