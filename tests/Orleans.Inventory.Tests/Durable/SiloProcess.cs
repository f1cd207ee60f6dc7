using System.Diagnostics;
using System.Net.Security;
using System.Net.Sockets;
using System.Security.Cryptography.X509Certificates;
using Orleans.Inventory.Tests.Tls;

using Orleans.Inventory.Tests.Infrastructure;

namespace Orleans.Inventory.Tests.Durable;

/// <summary>
/// One process of the real silo host (the build output of src/Orleans.Inventory.Silo) with the Local profile, on
/// ports of its own; its output is kept for failure messages, and it is killed on dispose. The profile turns TLS on
/// (silo and gateway ports); the processes use <see cref="Certificates"/>, made for this test run, instead of
/// <c>.data/certs</c>.
/// </summary>
public sealed class SiloProcess : IAsyncDisposable
{
    private static readonly Lazy<TestCertificates> SharedCertificates = new(() =>
    {
        var certificates = TestCertificates.Create();
        AppDomain.CurrentDomain.ProcessExit += (_, _) => certificates.Dispose();
        return certificates;
    });

    private readonly Process _process;
    private readonly ProcessOutput _output;

    private SiloProcess(Process process, int httpPort, int siloPort, int gatewayPort, bool https)
    {
        _process = process;
        _output = ProcessOutput.Of(process);
        HttpPort = httpPort;
        SiloPort = siloPort;
        GatewayPort = gatewayPort;
        BaseAddress = new Uri($"{(https ? "https" : "http")}://127.0.0.1:{HttpPort}");
    }

    /// <summary>The development certificates every silo process of this test run uses (the CA, silo, client, API).</summary>
    public static TestCertificates Certificates => SharedCertificates.Value;

    public int HttpPort { get; }

    public int SiloPort { get; }

    public int GatewayPort { get; }

    public Uri BaseAddress { get; }

    public string Output => _output.Text;

    /// <summary>
    /// A client that sends a development admin token signed with the key the silo processes read (the repository's
    /// appsettings.json, copied next to the tests).
    /// </summary>
    public static HttpClient AdminClient()
    {
        // HTTPS addresses must present the API certificate of this run's development CA (chain and name checked).
        var handler = new SocketsHttpHandler();
        handler.SslOptions.RemoteCertificateValidationCallback = (_, certificate, _, errors) =>
            certificate is not null && (errors & ~SslPolicyErrors.RemoteCertificateChainErrors) == SslPolicyErrors.None
            && ChainsToTestAuthority(X509CertificateLoader.LoadCertificate(certificate.GetRawCertData()));
        var http = new HttpClient(handler) { Timeout = TimeSpan.FromSeconds(30) };
        http.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue(
            "Bearer", Auth.DevelopmentTokens.FromSettings(AppContext.BaseDirectory).CreateAdmin("test-admin"));
        return http;
    }

    /// <summary>
    /// Starts a silo process; <paramref name="https"/> serves the API on HTTPS as the profile does (else plain HTTP,
    /// for callers such as the devices CLI that do not trust the test CA).
    /// </summary>
    public static SiloProcess Start(IReadOnlyDictionary<string, string> settings, bool https = false)
    {
        var (http, silo, gateway) = (FreePorts.Next(), FreePorts.Next(), FreePorts.Next());
        var info = new ProcessStartInfo("dotnet")
        {
            ArgumentList = { RepositoryRoot.BuiltAssembly("Orleans.Inventory.Silo"), "--urls", $"{(https ? "https" : "http")}://127.0.0.1:{http}" },
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
        foreach (var (name, value) in Certificates.Settings(Certificates.Silo))
        {
            info.Environment[name.Replace(":", "__", StringComparison.Ordinal)] = value;
        }

        info.Environment["Inventory__Tls__Api__Certificate__Path"] = Certificates.Api.Path;
        info.Environment["Inventory__Tls__Api__Certificate__KeyPath"] = Certificates.Api.KeyPath;
        foreach (var (name, value) in settings)
        {
            info.Environment[name] = value;
        }

        var process = Process.Start(info) ?? throw new InvalidOperationException("Could not start the silo.");
        return new SiloProcess(process, http, silo, gateway, https);
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

    private static bool ChainsToTestAuthority(X509Certificate2 certificate)
    {
        using var chain = new X509Chain();
        chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
        chain.ChainPolicy.CustomTrustStore.Add(Certificates.Authority);
        chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
        return chain.Build(certificate);
    }

}
