using System.Globalization;
using System.Net;
using System.Security.Cryptography;
using System.Text;
using Azure.Messaging.EventHubs;

namespace Orleans.Inventory.Devices.Simulation;

/// <summary>
/// Mints what each device holds on Event Hubs: a SAS token for its own publisher endpoint
/// (<c>sb://{namespace}/{hub}/publishers/{device}</c>), signed with a policy key (Send) the devices never see, as a
/// device provisioning service does. A device with such a token can send as itself only: not as another publisher,
/// not to the hub or a partition directly, and it cannot read.
/// </summary>
internal sealed class PublisherTokens
{
    private readonly EventHubsConnectionStringProperties _connection;
    private readonly string _hub;
    private readonly bool _developmentEmulator;

    private PublisherTokens(EventHubsConnectionStringProperties connection, string hub, bool developmentEmulator)
    {
        _connection = connection;
        _hub = hub;
        _developmentEmulator = developmentEmulator;
    }

    /// <summary>
    /// The minter for <paramref name="connectionString"/>'s key, or why there is none (the message names
    /// <paramref name="source"/>, never the value).
    /// </summary>
    public static PublisherTokens? From(string connectionString, string hub, string source, out string? error)
    {
        EventHubsConnectionStringProperties connection;
        try
        {
            connection = EventHubsConnectionStringProperties.Parse(connectionString);
        }
        catch (Exception e) when (e is FormatException or ArgumentException)
        {
            error = $"{source}: not an Event Hubs connection string";
            return null;
        }

        if (string.IsNullOrEmpty(connection.SharedAccessKeyName) || string.IsNullOrEmpty(connection.SharedAccessKey))
        {
            error = $"{source}: needs SharedAccessKeyName and SharedAccessKey (a policy with the Send right): simulate mints each device its own publisher token with it";
            return null;
        }

        // The SDK parses UseDevelopmentEmulator but does not expose it; the device's connection string must carry it on.
        var developmentEmulator = connectionString.Split(';', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries)
            .Any(part => part.Equals("UseDevelopmentEmulator=true", StringComparison.OrdinalIgnoreCase));
        error = null;
        return new PublisherTokens(connection, hub, developmentEmulator);
    }

    /// <summary>The event hub path a device publishes to: <c>{hub}/Publishers/{device}</c>.</summary>
    public string PublisherPath(string deviceId) => $"{_hub}/Publishers/{deviceId}";

    /// <summary>A connection string holding only <paramref name="deviceId"/>'s token, valid until <paramref name="expiresAt"/>.</summary>
    public string DeviceConnectionString(string deviceId, DateTimeOffset expiresAt)
    {
        var endpoint = _connection.Endpoint;
        var resource = WebUtility.UrlEncode($"{endpoint.Scheme}://{endpoint.Authority}/{_hub}/publishers/{deviceId}".ToLowerInvariant());
        var expiry = expiresAt.ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture);
        var signature = Convert.ToBase64String(HMACSHA256.HashData(
            Encoding.UTF8.GetBytes(_connection.SharedAccessKey!), Encoding.UTF8.GetBytes(resource + "\n" + expiry)));
        var token = $"SharedAccessSignature sr={resource}&sig={WebUtility.UrlEncode(signature)}&se={expiry}&skn={WebUtility.UrlEncode(_connection.SharedAccessKeyName)}";
        return $"Endpoint={endpoint.Scheme}://{endpoint.Authority};SharedAccessSignature={token}"
            + (_developmentEmulator ? ";UseDevelopmentEmulator=true" : string.Empty);
    }
}
