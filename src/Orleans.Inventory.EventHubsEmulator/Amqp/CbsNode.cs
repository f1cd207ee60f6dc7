using Microsoft.Azure.Amqp;
using Microsoft.Extensions.Logging;
using Orleans.Inventory.EventHubsEmulator.Security;

namespace Orleans.Inventory.EventHubsEmulator.Amqp;

/// <summary>The claims-based security node: <c>put-token</c> checks a SAS token and grants its claim to the connection.</summary>
internal sealed class CbsNode(SharedAccessSignatureValidator validator, ILogger logger) : RequestResponseNode(Address, logger)
{
    public const string Address = "$cbs";
    private const string SasTokenType = "servicebus.windows.net:sastoken";

    protected override Task<AmqpMessage> RespondAsync(AmqpMessage request, ConnectionContext context)
    {
        var properties = request.ApplicationProperties?.Map;
        if (properties is null
            || !properties.TryGetValue<string>("operation", out var operation)
            || !string.Equals(operation, "put-token", StringComparison.Ordinal))
        {
            return Task.FromResult(Status(400, "The only operation on $cbs is put-token.", condition: AmqpErrorCode.NotImplemented));
        }

        properties.TryGetValue<string>("type", out var type);
        properties.TryGetValue<string>("name", out var audience);
        if (!string.Equals(type, SasTokenType, StringComparison.Ordinal))
        {
            Log.TokenRefused(Logger, audience, $"token type '{type}' is not supported");
            return Task.FromResult(Status(401, $"Only '{SasTokenType}' tokens are accepted by the emulator.", condition: AmqpErrorCode.UnauthorizedAccess));
        }

        var check = validator.Check(request.ValueBody?.Value as string, audience);
        if (!check.IsAccepted)
        {
            Log.TokenRefused(Logger, audience, check.Reason);
            return Task.FromResult(Status(401, check.Reason ?? "Unauthorized", condition: AmqpErrorCode.UnauthorizedAccess));
        }

        context.Grant(check);
        return Task.FromResult(Status(202, "Accepted"));
    }
}
