using System.Net;
using System.Net.Security;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using Azure.Messaging.EventHubs;
using Azure.Messaging.EventHubs.Consumer;
using Azure.Messaging.EventHubs.Producer;

namespace Orleans.Inventory.EventHubsEmulator.Tests;

/// <summary>
/// The emulator's AMQPS endpoint (<c>EventHubsEmulator:Tls</c>) and the unmodified Event Hubs SDK, which trusts a
/// development CA through <see cref="EventHubConnectionOptions.CertificateValidationCallback"/>.
/// </summary>
public sealed class TlsTests : IDisposable
{
    private readonly TemporaryDirectory _directory = new();
    private readonly X509Certificate2 _authority;
    private readonly EventHubsEmulatorOptions _options;

    public TlsTests()
    {
        (_authority, var certificatePath, var keyPath) = MakeCertificates(_directory.Path);
        _options = TestEmulator.DefaultOptions();
        _options.Tls = new EmulatorTlsOptions { Enabled = true, CertificatePath = certificatePath, KeyPath = keyPath };
    }

    [Fact]
    public async Task TheSdkTrustingTheDevelopmentCaPublishesAndReadsOverAmqps()
    {
        await using var emulator = await TestEmulator.StartAsync(_options);
        Assert.DoesNotContain("UseDevelopmentEmulator", emulator.ConnectionString, StringComparison.Ordinal);
        await using var producer = new EventHubProducerClient(emulator.ConnectionString, TestEmulator.Hub, new EventHubProducerClientOptions
        {
            ConnectionOptions = Trusting(emulator),
            RetryOptions = FastFailing(),
        });
        await using var consumer = new EventHubConsumerClient(EventHubConsumerClient.DefaultConsumerGroupName, emulator.ConnectionString, TestEmulator.Hub, new EventHubConsumerClientOptions
        {
            ConnectionOptions = Trusting(emulator),
            RetryOptions = FastFailing(),
        });

        await producer.SendAsync([new EventData(Encoding.UTF8.GetBytes("over tls"))], new SendEventOptions { PartitionId = "1" });
        using var deadline = new CancellationTokenSource(TestEmulator.Deadline);
        PartitionEvent read = default;
        await foreach (var partitionEvent in consumer.ReadEventsFromPartitionAsync("1", EventPosition.Earliest, deadline.Token))
        {
            read = partitionEvent;
            break;
        }

        Assert.Equal("over tls", read.Data.EventBody.ToString());
    }

    [Fact]
    public async Task TheSdkRefusesTheEndpointWhenItDoesNotTrustTheDevelopmentCa()
    {
        await using var emulator = await TestEmulator.StartAsync(_options);
        var connection = Trusting(emulator);
        connection.CertificateValidationCallback = null;
        await using var producer = new EventHubProducerClient(emulator.ConnectionString, TestEmulator.Hub, new EventHubProducerClientOptions { ConnectionOptions = connection, RetryOptions = FastFailing() });

        var refused = await Assert.ThrowsAnyAsync<Exception>(() => producer.SendAsync([new EventData("untrusted")], new SendEventOptions { PartitionId = "1" }));

        Assert.IsType<System.Security.Authentication.AuthenticationException>(refused.GetBaseException());
    }

    [Fact]
    public async Task APlainAmqpClientIsNotServedByTheTlsEndpoint()
    {
        await using var emulator = await TestEmulator.StartAsync(_options);
        await using var producer = new EventHubProducerClient(emulator.ConnectionString + ";UseDevelopmentEmulator=true", TestEmulator.Hub, new EventHubProducerClientOptions { RetryOptions = FastFailing() });

        var refused = await Assert.ThrowsAnyAsync<Exception>(() => producer.SendAsync([new EventData("plain")], new SendEventOptions { PartitionId = "1" }));

        Assert.IsNotType<ArgumentException>(refused, exactMatch: false);
    }

    [Fact]
    public void TlsWithoutACertificateIsRefusedAtStartNamingTheSetting()
    {
        var options = TestEmulator.DefaultOptions();
        options.Tls = new EmulatorTlsOptions { Enabled = true };

        Assert.Contains("Tls.CertificatePath is required when Tls.Enabled is true.", options.Validate());
    }

    public void Dispose()
    {
        _authority.Dispose();
        _directory.Dispose();
    }

    /// <summary>
    /// The SDK dials AMQPS on 5671 unless told otherwise (without <c>UseDevelopmentEmulator</c> it drops the
    /// connection string's port): <see cref="EventHubConnectionOptions.CustomEndpointAddress"/> names the emulator's
    /// port, and the callback trusts the development CA.
    /// </summary>
    private EventHubConnectionOptions Trusting(TestEmulator emulator) => new()
    {
        CustomEndpointAddress = new Uri($"sb://127.0.0.1:{emulator.Server.Port}"),
        CertificateValidationCallback = TrustDevelopmentCa,
    };

    private static EventHubsRetryOptions FastFailing() =>
        new() { MaximumRetries = 0, Delay = TimeSpan.FromMilliseconds(50), TryTimeout = TimeSpan.FromSeconds(15) };

    /// <summary>The name must match (no policy error but the chain's), and the chain must end at the development CA alone.</summary>
    private bool TrustDevelopmentCa(object sender, X509Certificate? certificate, X509Chain? chain, SslPolicyErrors errors)
    {
        if (certificate is null || (errors & ~SslPolicyErrors.RemoteCertificateChainErrors) != SslPolicyErrors.None)
        {
            return false;
        }

        using var ours = new X509Chain();
        ours.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
        ours.ChainPolicy.CustomTrustStore.Add(_authority);
        ours.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
        return ours.Build(X509CertificateLoader.LoadCertificate(certificate.GetRawCertData()));
    }

    /// <summary>A development CA and a server certificate for localhost / 127.0.0.1 signed by it, as PEM files.</summary>
    private static (X509Certificate2 Authority, string CertificatePath, string KeyPath) MakeCertificates(string directory)
    {
        var now = DateTimeOffset.UtcNow;
        using var caKey = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var caRequest = new CertificateRequest("CN=Emulator Test CA", caKey, HashAlgorithmName.SHA256);
        caRequest.CertificateExtensions.Add(new X509BasicConstraintsExtension(true, false, 0, true));
        caRequest.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.KeyCertSign, true));
        var authority = caRequest.CreateSelfSigned(now.AddDays(-1), now.AddDays(7));

        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest("CN=localhost", key, HashAlgorithmName.SHA256);
        request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension([new Oid("1.3.6.1.5.5.7.3.1")], false));
        var names = new SubjectAlternativeNameBuilder();
        names.AddDnsName("localhost");
        names.AddIpAddress(IPAddress.Loopback);
        request.CertificateExtensions.Add(names.Build());
        using var certificate = request.Create(authority, now.AddMinutes(-5), now.AddDays(3), RandomNumberGenerator.GetBytes(12));

        var (certificatePath, keyPath) = (Path.Combine(directory, "eventhubs.pem"), Path.Combine(directory, "eventhubs.key"));
        File.WriteAllText(certificatePath, certificate.ExportCertificatePem());
        File.WriteAllText(keyPath, key.ExportPkcs8PrivateKeyPem());
        return (authority, certificatePath, keyPath);
    }
}
