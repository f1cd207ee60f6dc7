using System.Diagnostics;
using System.Net;
using System.Net.Sockets;

namespace Orleans.Inventory.Tests.Durable;

/// <summary>
/// One process of the real silo host (the build output of src/Orleans.Inventory.Silo) with the Local profile, on
/// ports of its own; its output is kept for failure messages, and it is killed on dispose.
/// </summary>
public sealed class SiloProcess : IAsyncDisposable
{
    private readonly Process _process;
    private readonly ProcessOutput _output;

    private SiloProcess(Process process, int httpPort, int siloPort, int gatewayPort)
    {
        _process = process;
        _output = ProcessOutput.Of(process);
        HttpPort = httpPort;
        SiloPort = siloPort;
        GatewayPort = gatewayPort;
    }

    public int HttpPort { get; }

    public int SiloPort { get; }

    public int GatewayPort { get; }

    public Uri BaseAddress => new($"http://127.0.0.1:{HttpPort}");

    public string Output => _output.Text;

    /// <summary>
    /// A client that sends a development admin token signed with the key the silo processes read (the repository's
    /// appsettings.json, copied next to the tests).
    /// </summary>
    public static HttpClient AdminClient()
    {
        var http = new HttpClient { Timeout = TimeSpan.FromSeconds(30) };
        http.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue(
            "Bearer", Auth.DevelopmentTokens.FromSettings(AppContext.BaseDirectory).CreateAdmin("test-admin"));
        return http;
    }

    public static SiloProcess Start(IReadOnlyDictionary<string, string> settings)
    {
        var (http, silo, gateway) = (FreePort(), FreePort(), FreePort());
        var info = new ProcessStartInfo("dotnet")
        {
            ArgumentList = { RepositoryRoot.BuiltAssembly("Orleans.Inventory.Silo"), "--urls", $"http://127.0.0.1:{http}" },
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        info.Environment["DOTNET_ENVIRONMENT"] = "Local";
        // Every call of these tests is one admin principal reading thousands of records; the limiter has its own test.
        info.Environment["Inventory__RateLimits__Enabled"] = "false";
        info.Environment["Orleans__Endpoints__SiloPort"] = $"{silo}";
        info.Environment["Orleans__Endpoints__GatewayPort"] = $"{gateway}";
        info.Environment["Orleans__Endpoints__SiloListeningEndpoint"] = $"127.0.0.1:{silo}";
        info.Environment["Orleans__Endpoints__GatewayListeningEndpoint"] = $"127.0.0.1:{gateway}";
        foreach (var (name, value) in settings)
        {
            info.Environment[name] = value;
        }

        var process = Process.Start(info) ?? throw new InvalidOperationException("Could not start the silo.");
        return new SiloProcess(process, http, silo, gateway);
    }

    /// <summary>Waits until <c>/health/ready</c> answers 200 (a grain call round-trips), failing with the silo's output.</summary>
    public async Task WaitUntilReadyAsync(HttpClient http, TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (true)
        {
            if (_process.HasExited)
            {
                throw new InvalidOperationException($"Silo on {BaseAddress} exited ({_process.ExitCode}):\n{Output}");
            }

            try
            {
                using var response = await http.GetAsync(new Uri(BaseAddress, "/health/ready"));
                if (response.IsSuccessStatusCode)
                {
                    return;
                }
            }
            catch (HttpRequestException)
            {
                // Not listening yet.
            }

            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException($"Silo on {BaseAddress} not ready within {timeout}:\n{Output}");
            }

            await Task.Delay(250);
        }
    }

    /// <summary>SIGKILL: the process gets no chance to leave the cluster, flush a checkpoint or finish a write.</summary>
    public async Task KillAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync();
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync();
        }

        _process.Dispose();
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
