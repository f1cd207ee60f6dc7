using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Security.Authentication;
using System.Security.Cryptography.X509Certificates;
using Microsoft.Azure.Amqp;
using Microsoft.Azure.Amqp.Framing;
using Microsoft.Azure.Amqp.Sasl;
using Microsoft.Azure.Amqp.Transport;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Orleans.Inventory.EventHubsEmulator.Amqp;
using Orleans.Inventory.EventHubsEmulator.Security;
using Orleans.Inventory.EventHubsEmulator.Storage;

namespace Orleans.Inventory.EventHubsEmulator;

/// <summary>
/// A local Event Hubs-compatible AMQP 1.0 endpoint for development and tests: the unmodified Event Hubs SDKs
/// connect to it with a connection string carrying <c>UseDevelopmentEmulator=true</c> (plain AMQP), or, with
/// <see cref="EventHubsEmulatorOptions.Tls"/> on, over AMQPS with the emulator's certificate trusted. Not a production broker.
/// </summary>
public sealed class EventHubsEmulatorServer : IAsyncDisposable
{
    private const string ContainerId = "orleans-inventory-eventhubs-emulator";
    private readonly EventHubsEmulatorOptions _options;
    private readonly ILoggerFactory _loggerFactory;
    private readonly ILogger _logger;
    private readonly TimeProvider _time;
    private readonly SemaphoreSlim _gate = new(1, 1);
    private EventHubCatalog? _catalog;
    private EmulatorRuntimeProvider? _provider;
    private AmqpSettings? _settings;
    private AmqpTransportListener? _listener;
    private X509Certificate2? _certificate;

    /// <summary>Creates a server; nothing listens until <see cref="StartAsync"/>.</summary>
    public EventHubsEmulatorServer(EventHubsEmulatorOptions options, ILoggerFactory? loggerFactory = null, TimeProvider? timeProvider = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        _options = options;
        _loggerFactory = loggerFactory ?? NullLoggerFactory.Instance;
        _logger = _loggerFactory.CreateLogger<EventHubsEmulatorServer>();
        _time = timeProvider ?? TimeProvider.System;
    }

    /// <summary>The port the server listens on; with a configured port of 0 it is known only once started.</summary>
    public int Port { get; private set; }

    internal int ActiveReaderCount => _provider?.ActiveReaderCount ?? 0;

    /// <summary>True between a successful <see cref="StartAsync"/> and <see cref="StopAsync"/>.</summary>
    public bool IsRunning => _listener is not null;

    /// <summary>
    /// A connection string for the SDKs, with the first configured key or the one named, e.g.
    /// <c>Endpoint=sb://127.0.0.1:5672;SharedAccessKeyName=...;SharedAccessKey=...;UseDevelopmentEmulator=true</c>.
    /// With TLS on, without <c>UseDevelopmentEmulator</c> (which would make the SDK speak plain AMQP): the SDK then uses
    /// AMQPS to the port given and checks the certificate (trust the development CA through
    /// <c>EventHubConnectionOptions.CertificateValidationCallback</c>).
    /// </summary>
    /// <param name="eventHubName">When given, appended as <c>EntityPath</c>.</param>
    /// <param name="keyName">The key to put in it (its rights decide what the clients may do); null: the first one.</param>
    public string ConnectionString(string? eventHubName = null, string? keyName = null)
    {
        var key = (keyName is null
                ? _options.SharedAccessKeys.FirstOrDefault()
                : _options.SharedAccessKeys.Find(k => string.Equals(k.Name, keyName, StringComparison.Ordinal)))
            ?? throw new InvalidOperationException(keyName is null
                ? $"No {nameof(EventHubsEmulatorOptions.SharedAccessKeys)} are configured."
                : $"No shared access key named '{keyName}' is configured.");
        var port = Port != 0 ? Port : _options.Port;
        var connectionString = string.Create(
            CultureInfo.InvariantCulture,
            $"Endpoint=sb://{ClientHost(_options.Host)}:{port};SharedAccessKeyName={key.Name};SharedAccessKey={key.Key}{(_options.Tls.Enabled ? "" : ";UseDevelopmentEmulator=true")}");
        return eventHubName is null ? connectionString : connectionString + ";EntityPath=" + eventHubName;
    }

    /// <summary>The configured key names with their rights (never the keys), e.g. <c>devices (Send), silo (Listen)</c>.</summary>
    public string DescribeKeys() =>
        string.Join(", ", _options.SharedAccessKeys.Select(k =>
            $"{k.Name} ({(k.Rights.Count == 0 ? nameof(SharedAccessRight.Manage) : string.Join("+", k.Rights.Distinct()))})"));

    /// <summary>Validates the options, opens the partition logs and starts listening.</summary>
    /// <exception cref="OptionsValidationException">The options are invalid; the message names each field.</exception>
    public async Task StartAsync(CancellationToken cancellationToken = default)
    {
        await _gate.WaitAsync(cancellationToken);
        try
        {
            if (_listener is not null)
            {
                return;
            }

            var errors = _options.Validate();
            if (errors.Count > 0)
            {
                throw new OptionsValidationException(EventHubsEmulatorOptions.SectionName, typeof(EventHubsEmulatorOptions), errors);
            }

            var catalog = new EventHubCatalog(_options, _time);
            var validator = new SharedAccessSignatureValidator(_options.SharedAccessKeys, _time);
            var nodeLogger = _loggerFactory.CreateLogger("Orleans.Inventory.EventHubsEmulator");
            var provider = new EmulatorRuntimeProvider(
                catalog,
                new CbsNode(validator, nodeLogger),
                new ManagementNode(catalog, validator, _time, nodeLogger),
                _options,
                _time,
                _loggerFactory);

            var settings = new AmqpSettings { RuntimeProvider = provider };
            var sasl = new SaslTransportProvider();
            sasl.Versions.Add(new AmqpVersion(1, 0, 0));

            // The .NET SDK offers ANONYMOUS under the name MSSBCBS and authenticates on $cbs afterwards;
            // other SDKs offer plain ANONYMOUS.
            sasl.AddHandler(new SaslAnonymousHandler("MSSBCBS"));
            sasl.AddHandler(new SaslAnonymousHandler());
            settings.TransportProviders.Add(sasl);
            var amqp = new AmqpTransportProvider();
            amqp.Versions.Add(new AmqpVersion(1, 0, 0));
            settings.TransportProviders.Add(amqp);

            _catalog = catalog;
            _provider = provider;
            _settings = settings;
            try
            {
                // Kept for the listener's lifetime: every accepted connection presents it.
                _certificate = _options.Tls.Enabled ? _options.Tls.LoadCertificate() : null;
                (_listener, Port) = Listen(settings, _certificate);
            }
            catch
            {
                _catalog = null;
                _provider = null;
                _certificate?.Dispose();
                _certificate = null;
                catalog.Dispose();
                throw;
            }

            Log.Started(_logger, $"{(_options.Tls.Enabled ? "amqps" : "amqp")}://{_options.Host}:{Port}", _options.Hubs.Count, string.IsNullOrWhiteSpace(_options.DataDirectory) ? "memory" : Path.GetFullPath(_options.DataDirectory));
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <summary>Stops listening, closes every client connection and closes the partition logs.</summary>
    public async Task StopAsync(CancellationToken cancellationToken = default)
    {
        await _gate.WaitAsync(cancellationToken);
        try
        {
            if (_listener is null)
            {
                return;
            }

            _listener.SafeClose();
            foreach (var connection in _provider!.Connections.ToArray())
            {
                connection.SafeClose();
            }

            _catalog!.Dispose();
            _certificate?.Dispose();
            _certificate = null;
            Log.Stopped(_logger, $"{_options.Host}:{Port}");
            _listener = null;
            _provider = null;
            _catalog = null;
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        await StopAsync();
        _gate.Dispose();
    }

    private void OnAcceptTransport(TransportListener listener, TransportAsyncCallbackArgs args)
    {
        if (args.Exception is not null || _provider is not { } provider || _settings is not { } settings)
        {
            args.Transport?.SafeClose();
            return;
        }

        var connectionSettings = new AmqpConnectionSettings { ContainerId = ContainerId, MaxFrameSize = 256 * 1024 };
        var connection = provider.CreateConnection(args.Transport, (ProtocolHeader)args.UserToken, false, settings, connectionSettings);
        provider.Track(connection);
        _ = OpenAsync(connection);
    }

    private async Task OpenAsync(AmqpConnection connection)
    {
        try
        {
            await connection.OpenAsync(AmqpConstants.DefaultTimeout);
        }
        catch (Exception exception) when (exception is AmqpException or IOException or TimeoutException or OperationCanceledException or ObjectDisposedException or InvalidOperationException)
        {
            Log.ConnectionFailed(_logger, exception);
            connection.SafeClose(exception);
        }
    }

    private (AmqpTransportListener Listener, int Port) Listen(AmqpSettings settings, X509Certificate2? certificate)
    {
        // The library's TCP listener does not tell which port it bound, so port 0 is resolved here first;
        // another process can take that port in between, hence the few attempts.
        for (var attempt = 1; ; attempt++)
        {
            var port = _options.Port != 0 ? _options.Port : FreePort(_options.Host);
            // The library's listener binds every interface for "localhost"; the emulator stays on loopback.
            var host = _options.Host.Equals("localhost", StringComparison.OrdinalIgnoreCase) ? "127.0.0.1" : _options.Host;
            var tcp = new TcpTransportSettings { Host = host, Port = port };
            TransportSettings transport = certificate is null
                ? tcp
                : new TlsTransportSettings(tcp, isInitiator: false) { Certificate = certificate, Protocols = SslProtocols.Tls12 | SslProtocols.Tls13 };
            var listener = new AmqpTransportListener([transport.CreateListener()], settings);
            try
            {
                listener.Listen(OnAcceptTransport);
                return (listener, port);
            }
            catch (Exception exception) when (_options.Port == 0 && attempt < 5 && (exception is SocketException || exception.InnerException is SocketException))
            {
                listener.SafeClose();
            }
        }
    }

    private static int FreePort(string host)
    {
        var address = host.Equals("localhost", StringComparison.OrdinalIgnoreCase) ? IPAddress.Loopback : IPAddress.Parse(host);
        using var probe = new Socket(address.AddressFamily, SocketType.Stream, ProtocolType.Tcp);
        probe.Bind(new IPEndPoint(address, 0));
        return ((IPEndPoint)probe.LocalEndPoint!).Port;
    }

    private static string ClientHost(string host) =>
        host is "0.0.0.0" or "::" or "[::]" ? "127.0.0.1" : host;
}
