using Microsoft.Extensions.Logging;

namespace Orleans.Inventory.Tls;

internal static partial class Log
{
    [LoggerMessage(EventId = 9301, Level = LogLevel.Warning, Message = "TLS {Connection}: refused: {Reason}")]
    public static partial void PeerRefused(ILogger logger, string connection, string reason);

    [LoggerMessage(EventId = 9302, Level = LogLevel.Information,
        Message = "TLS on ({Role}): own certificate {Subject} ({Thumbprint}), trusting {Authorities}; silo names [{SiloNames}], client names [{ClientNames}]")]
    public static partial void TlsOn(ILogger logger, TlsRole role, string subject, string thumbprint, string authorities, string siloNames, string clientNames);
}
