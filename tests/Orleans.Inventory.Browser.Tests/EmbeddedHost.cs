using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace Orleans.Inventory.Browser.Tests;

/// <summary>
/// The real silo host (the build output of src/Orleans.Inventory.Silo) on the embedded profile, as `dotnet run`
/// starts it, but on free ports bound to 127.0.0.1 (HTTP, silo, gateway and the in-process Event Hubs endpoint) so it
/// never collides with a developer's running silo. Killed on dispose; its output is kept for failure messages.
/// </summary>
public sealed class EmbeddedHost : IAsyncLifetime
{
    private readonly StringBuilder _output = new();
    private Process? _process;

    public Uri BaseAddress { get; private set; } = new("http://127.0.0.1/");

    public HttpClient Http { get; private set; } = new();

    /// <summary>The development admin token the host printed on start (<c>DEV_TOKEN=...</c>), as a user copies it.</summary>
    public string Token { get; private set; } = string.Empty;

    /// <summary>The connection string devices use for the host's in-process Event Hubs endpoint (hub <c>inventory</c>).</summary>
    public string EventHubsConnectionString { get; private set; } = string.Empty;

    public string Output
    {
        get
        {
            lock (_output)
            {
                return _output.ToString();
            }
        }
    }

    public async Task InitializeAsync()
    {
        var (http, silo, gateway, eventHubs) = (FreePort(), FreePort(), FreePort(), FreePort());
        BaseAddress = new Uri($"http://127.0.0.1:{http}/");
        var info = new ProcessStartInfo("dotnet")
        {
            ArgumentList = { BuiltSilo(), "--urls", BaseAddress.ToString().TrimEnd('/') },
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        info.Environment["Orleans__Endpoints__SiloPort"] = $"{silo}";
        info.Environment["Orleans__Endpoints__GatewayPort"] = $"{gateway}";
        info.Environment["Orleans__Endpoints__SiloListeningEndpoint"] = $"127.0.0.1:{silo}";
        info.Environment["Orleans__Endpoints__GatewayListeningEndpoint"] = $"127.0.0.1:{gateway}";
        info.Environment["EventHubsEmulator__Port"] = $"{eventHubs}";
        EventHubsConnectionString =
            $"Endpoint=sb://127.0.0.1:{eventHubs};SharedAccessKeyName=RootManageSharedAccessKey;SharedAccessKey=SAS_KEY_VALUE;UseDevelopmentEmulator=true";
        info.Environment["Inventory__DeviceStreams__ConnectionString"] = EventHubsConnectionString;
        _process = Process.Start(info) ?? throw new InvalidOperationException("Could not start the silo host.");
        _process.OutputDataReceived += (_, e) => Append(e.Data);
        _process.ErrorDataReceived += (_, e) => Append(e.Data);
        _process.BeginOutputReadLine();
        _process.BeginErrorReadLine();
        Http = new HttpClient { BaseAddress = BaseAddress, Timeout = TimeSpan.FromSeconds(30) };

        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(90);
        while (true)
        {
            if (_process.HasExited)
            {
                throw new InvalidOperationException($"The silo host exited ({_process.ExitCode}):\n{Output}");
            }

            try
            {
                using var ready = await Http.GetAsync("health/ready");
                if (ready.IsSuccessStatusCode && PrintedToken() is { } token)
                {
                    Token = token;
                    Http.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", token);
                    return;
                }
            }
            catch (HttpRequestException)
            {
                // Not listening yet.
            }

            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException($"The silo host was not ready within 90 s:\n{Output}");
            }

            await Task.Delay(250);
        }
    }

    public async Task DisposeAsync()
    {
        Http.Dispose();
        if (_process is { HasExited: false })
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync();
        }

        _process?.Dispose();
    }

    /// <summary>Signs the operator console in with <see cref="Token"/> through its sign-in form.</summary>
    public async Task SignInAsync(Microsoft.Playwright.IPage page)
    {
        await page.Locator("#token").FillAsync(Token);
        await page.Locator("#signin button[type=submit]").ClickAsync();
        await Microsoft.Playwright.Assertions.Expect(page.Locator("#signin")).ToBeHiddenAsync();
    }

    private string? PrintedToken() =>
        System.Text.RegularExpressions.Regex.Match(Output, "DEV_TOKEN=([A-Za-z0-9_.-]+)") is { Success: true } match ? match.Groups[1].Value : null;

    private void Append(string? line)
    {
        if (line is null)
        {
            return;
        }

        lock (_output)
        {
            _output.AppendLine(line);
        }
    }

    private static string BuiltSilo()
    {
        // tests/Orleans.Inventory.Browser.Tests/bin/{Configuration}/net10.0/ -> src/Orleans.Inventory.Silo/bin/{Configuration}/net10.0/
        var configuration = new DirectoryInfo(AppContext.BaseDirectory).Parent!.Name;
        var path = Path.Combine(RepositoryRoot.Path, "src", "Orleans.Inventory.Silo", "bin", configuration, "net10.0", "Orleans.Inventory.Silo.dll");
        return File.Exists(path) ? path : throw new FileNotFoundException($"The silo host is not built at {path}.", path);
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
