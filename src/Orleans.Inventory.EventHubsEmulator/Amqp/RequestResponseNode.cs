using Microsoft.Azure.Amqp;
using Microsoft.Azure.Amqp.Encoding;
using Microsoft.Azure.Amqp.Framing;
using Microsoft.Extensions.Logging;

namespace Orleans.Inventory.EventHubsEmulator.Amqp;

/// <summary>
/// A node that answers requests ($cbs, $management): requests arrive on one link, replies leave on the link
/// the client opened for them, correlated by the request's message id.
/// </summary>
internal abstract class RequestResponseNode(string name, ILogger logger)
{
    public const string StatusCode = "status-code";
    public const string StatusDescription = "status-description";
    public const string ErrorCondition = "error-condition";

    private static readonly TimeSpan ReplyLinkWait = TimeSpan.FromSeconds(5);

    public string Name { get; } = name;

    protected ILogger Logger { get; } = logger;

    public void AttachRequestLink(ReceivingAmqpLink link, ConnectionContext context) =>
        link.RegisterMessageListener(message => _ = HandleAsync(link, message, context));

    public void AttachReplyLink(SendingAmqpLink link, ConnectionContext context) => context.AddReplyLink(Name, link);

    protected abstract Task<AmqpMessage> RespondAsync(AmqpMessage request, ConnectionContext context);

    protected static AmqpMessage Status(int code, string description, AmqpMessage? response = null, AmqpSymbol? condition = null)
    {
        response ??= AmqpMessage.Create();
        response.ApplicationProperties ??= new ApplicationProperties();
        response.ApplicationProperties.Map[StatusCode] = code;
        response.ApplicationProperties.Map[StatusDescription] = description;
        if (condition is { } symbol)
        {
            response.ApplicationProperties.Map[ErrorCondition] = symbol;
        }

        return response;
    }

    private async Task HandleAsync(ReceivingAmqpLink link, AmqpMessage request, ConnectionContext context)
    {
        try
        {
            AmqpMessage response;
            try
            {
                response = await RespondAsync(request, context);
            }
            catch (Exception exception)
            {
                Log.RequestFailed(Logger, exception, Name);
                response = Status(500, exception.Message, condition: AmqpErrorCode.InternalError);
            }

            response.Properties.CorrelationId = request.Properties?.MessageId ?? request.Properties?.CorrelationId;
            var replyTo = request.Properties?.ReplyTo?.ToString();
            var replyLink = await FindReplyLinkAsync(context, replyTo, link.Session);
            if (!request.Settled)
            {
                link.AcceptMessage(request, false);
            }

            if (replyLink is null)
            {
                Log.NoReplyLink(Logger, Name, replyTo);
                response.Dispose();
                return;
            }

            response.Settled = true;
            replyLink.SendMessageNoWait(response, new ArraySegment<byte>(Guid.NewGuid().ToByteArray()), AmqpConstants.NullBinary);
        }
        catch (Exception exception)
        {
            Log.RequestFailed(Logger, exception, Name);
        }
        finally
        {
            request.Dispose();
        }
    }

    // A client may send its first request while the attach of its reply link is still in flight.
    private async Task<SendingAmqpLink?> FindReplyLinkAsync(ConnectionContext context, string? replyTo, AmqpSession session)
    {
        var deadline = DateTime.UtcNow + ReplyLinkWait;
        while (true)
        {
            var replyLink = context.FindReplyLink(Name, replyTo, session);
            if (replyLink is not null || DateTime.UtcNow >= deadline)
            {
                return replyLink;
            }

            await Task.Delay(20);
        }
    }
}
