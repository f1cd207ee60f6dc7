using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Orleans.Concurrency;
using Orleans.Inventory.Grains.Secrets;
using Orleans.Inventory.Notifications;
using Orleans.Inventory.Webhooks;

namespace Orleans.Inventory.Grains.Webhooks;

/// <summary>
/// One webhook's delivery queue. Deliveries go out one at a time, oldest first, from a grain timer; a failed one is
/// retried with backoff (<see cref="WebhookBackoff"/>) and holds the ones behind it, so the receiver sees them in
/// order. A durable reminder, registered while anything is pending, reactivates the grain after a deactivation or
/// crash; the timer only covers the short waits in between.
/// </summary>
/// <remarks>
/// Reentrant so that queuing (the registry's call) never waits behind an HTTP attempt to a slow receiver. The
/// discipline that keeps this safe: only the delivery loop (guarded by <see cref="_delivering"/>) sends, and only
/// its head; every change to state happens between awaits; and every storage write goes through
/// <see cref="_writeGate"/>, so two writes never overlap (each writes the whole current state).
/// </remarks>
[Reentrant]
internal sealed partial class WebhookGrain(
    [PersistentState("webhook", StorageNames.Inventory)] IPersistentState<WebhookState> queue,
    WebhookSender sender,
    WebhookSecretProtector secrets,
    IOptions<WebhookOptions> options,
    TimeProvider clock,
    ILogger<WebhookGrain> logger) : Grain, IWebhookGrain, IRemindable
{
    private const string ReminderName = "webhook-deliveries";

    private readonly SemaphoreSlim _writeGate = new(1, 1);
    private IGrainTimer? _timer;
    private bool _delivering;
    private bool _reminderRegistered;

    private WebhookOptions Options => options.Value;

    public override async Task OnActivateAsync(CancellationToken cancellationToken)
    {
        // State written before secrets were protected holds the secret in plain text: protect it once, here.
        if (queue.State.Definition is { } stored && !WebhookSecretProtector.IsProtected(stored.Secret))
        {
            queue.State.Definition = stored with { Secret = secrets.Protect(stored.Secret) };
            await SaveAsync();
            LogSecretProtected(stored.Id);
        }

        ScheduleNext();
    }

    public async Task ConfigureAsync(WebhookDefinition definition)
    {
        // The registry protects what it passes; a plain one is protected here too, so state never holds one.
        queue.State.Definition = definition with { Secret = secrets.Protected(definition.Secret) };
        await SaveAsync();
    }

    public async Task EnqueueAsync(Notification notification)
    {
        if (queue.State.Definition is not { } webhook || !webhook.Wants(notification.Type))
        {
            return;
        }

        var deliveryId = WebhookRules.DeliveryId(webhook.Id, notification.Id);
        if (queue.State.Pending.Any(p => p.Delivery.Id == deliveryId) || queue.State.Finished.Any(f => f.Id == deliveryId))
        {
            return;
        }

        var now = clock.GetUtcNow();
        var added = new PendingDelivery(
            new WebhookDelivery(deliveryId, notification.Id, notification.Type, WebhookDeliveryStatus.Pending, now, 0, null, null, null, now, null, null),
            notification);
        queue.State.Pending.Add(added);
        DropOverflow(now);
        try
        {
            await SaveAsync();
        }
        catch
        {
            // Not stored, so not queued: the caller's retry must not find it and think it was.
            queue.State.Pending.Remove(added);
            throw;
        }

        await EnsureReminderAsync();
        ScheduleNext();
    }

    public Task<IReadOnlyList<WebhookDelivery>> GetDeliveriesAsync(int limit)
    {
        IReadOnlyList<WebhookDelivery> newest = [.. queue.State.Pending.Select(p => p.Delivery)
            .Concat(queue.State.Finished)
            .OrderByDescending(d => d.EnqueuedAt)
            .ThenByDescending(d => d.Status == WebhookDeliveryStatus.Pending)
            .Take(Math.Max(0, limit))];
        return Task.FromResult(newest);
    }

    public async Task RemoveAsync()
    {
        _timer?.Dispose();
        _timer = null;
        await _writeGate.WaitAsync();
        try
        {
            await queue.ClearStateAsync();
        }
        finally
        {
            _writeGate.Release();
        }

        await StopReminderAsync();
        DeactivateOnIdle();
    }

    public Task ReceiveReminder(string reminderName, TickStatus status)
    {
        _reminderRegistered = true;
        if (queue.State.Pending.Count == 0 || queue.State.Definition is null)
        {
            return StopReminderAsync();
        }

        ScheduleNext();
        return Task.CompletedTask;
    }

    /// <summary>The timer's callback: sends due deliveries, head first, until the head has to wait.</summary>
    private async Task DeliverDueAsync(CancellationToken cancellationToken)
    {
        if (_delivering)
        {
            return;
        }

        _delivering = true;
        var retryStorageIn = TimeSpan.Zero;
        try
        {
            while (!cancellationToken.IsCancellationRequested && queue.State.Definition is { } webhook && queue.State.Pending.Count > 0)
            {
                var head = queue.State.Pending[0];
                var now = clock.GetUtcNow();
                if (head.Delivery.NextAttemptAt > now)
                {
                    break;
                }

                if (now > head.Delivery.EnqueuedAt + Options.RetryWindow)
                {
                    // Its turn came after its window (it waited behind an earlier one): too old to send now.
                    Finish(head, head.Delivery with { Status = WebhookDeliveryStatus.Abandoned, NextAttemptAt = null, AbandonedAt = now });
                    LogAbandoned(webhook.Id, head.Delivery.Id, head.Delivery.Attempts, head.Delivery.LastError ?? "not attempted within the retry window");
                }
                else
                {
                    var attempt = await sender.SendAsync(webhook, head.Delivery.Id, head.Delivery.Attempts + 1, head.Notification, cancellationToken);
                    if (!Record(webhook, head, attempt))
                    {
                        continue;
                    }
                }

                try
                {
                    await SaveAsync();
                }
                catch (Exception exception)
                {
                    // The outcome stays in memory and is written with the next save; a delivered one may be sent
                    // again after a crash, with the same delivery id, which is what receivers dedupe on.
                    LogSaveFailed(webhook.Id, exception);
                    retryStorageIn = Options.InitialBackoff;
                    break;
                }
            }
        }
        finally
        {
            _delivering = false;
        }

        if (cancellationToken.IsCancellationRequested)
        {
            // Deactivating: the reminder resumes the queue on the next activation.
            return;
        }

        if (queue.State.Pending.Count == 0)
        {
            await StopReminderAsync();
        }

        ScheduleNext(retryStorageIn);
    }

    /// <summary>Applies an attempt's outcome to the head; false when the head changed meanwhile (removed, dropped).</summary>
    private bool Record(WebhookDefinition webhook, PendingDelivery head, WebhookAttempt attempt)
    {
        var index = queue.State.Pending.FindIndex(p => p.Delivery.Id == head.Delivery.Id);
        if (index < 0)
        {
            return false;
        }

        var now = clock.GetUtcNow();
        var attempts = head.Delivery.Attempts + 1;
        var tried = head.Delivery with { Attempts = attempts, LastAttemptAt = now, LastStatusCode = attempt.StatusCode, LastError = attempt.Error };
        if (attempt.Succeeded)
        {
            Finish(head, tried with { Status = WebhookDeliveryStatus.Delivered, NextAttemptAt = null, DeliveredAt = now });
            LogDelivered(webhook.Id, head.Delivery.Id, attempts, attempt.StatusCode);
            return true;
        }

        var next = now + WebhookBackoff.Delay(attempts, Options, Random.Shared.NextDouble(), attempt.RetryAfter);
        if (next > head.Delivery.EnqueuedAt + Options.RetryWindow)
        {
            Finish(head, tried with { Status = WebhookDeliveryStatus.Abandoned, NextAttemptAt = null, AbandonedAt = now });
            LogAbandoned(webhook.Id, head.Delivery.Id, attempts, attempt.LogText);
            return true;
        }

        queue.State.Pending[index] = head with { Delivery = tried with { NextAttemptAt = next } };
        LogAttemptFailed(webhook.Id, head.Delivery.Id, attempts, attempt.LogText, next);
        return true;
    }

    private void Finish(PendingDelivery pending, WebhookDelivery finished)
    {
        queue.State.Pending.RemoveAll(p => p.Delivery.Id == pending.Delivery.Id);
        queue.State.Finished.Add(finished);
        var excess = queue.State.Finished.Count - Options.DeliveryHistoryCapacity;
        if (excess > 0)
        {
            queue.State.Finished.RemoveRange(0, excess);
        }
    }

    /// <summary>At the cap, abandons the oldest pending delivery that is not in flight (the newest alerts matter most).</summary>
    private void DropOverflow(DateTimeOffset now)
    {
        while (queue.State.Pending.Count > Options.MaxPendingDeliveries)
        {
            var oldest = queue.State.Pending[_delivering && queue.State.Pending.Count > 1 ? 1 : 0];
            Finish(oldest, oldest.Delivery with
            {
                Status = WebhookDeliveryStatus.Abandoned,
                NextAttemptAt = null,
                AbandonedAt = now,
                LastError = $"dropped: {Options.MaxPendingDeliveries} deliveries were pending",
            });
            LogDropped(queue.State.Definition?.Id ?? this.GetPrimaryKeyString(), oldest.Delivery.Id, Options.MaxPendingDeliveries);
        }
    }

    private void ScheduleNext(TimeSpan? notBefore = null)
    {
        if (_delivering)
        {
            // The running loop sees what was queued meanwhile and schedules itself when it ends.
            return;
        }

        if (queue.State.Definition is null || queue.State.Pending.Count == 0)
        {
            _timer?.Dispose();
            _timer = null;
            return;
        }

        var due = queue.State.Pending[0].Delivery.NextAttemptAt is { } at ? at - clock.GetUtcNow() : TimeSpan.Zero;
        if (notBefore is { } floor && due < floor)
        {
            due = floor;
        }

        if (due < TimeSpan.Zero)
        {
            due = TimeSpan.Zero;
        }

        if (_timer is null)
        {
            _timer = this.RegisterGrainTimer(DeliverDueAsync, new GrainTimerCreationOptions(due, Timeout.InfiniteTimeSpan) { Interleave = true });
        }
        else
        {
            _timer.Change(due, Timeout.InfiniteTimeSpan);
        }
    }

    private async Task SaveAsync()
    {
        await _writeGate.WaitAsync();
        try
        {
            await queue.WriteStateAsync();
        }
        finally
        {
            _writeGate.Release();
        }
    }

    private async Task EnsureReminderAsync()
    {
        if (_reminderRegistered)
        {
            return;
        }

        try
        {
            await this.RegisterOrUpdateReminder(ReminderName, Options.ReminderPeriod, Options.ReminderPeriod);
            _reminderRegistered = true;
        }
        catch (Exception exception)
        {
            // The timer still delivers while this activation lives; the next queued delivery tries again.
            LogReminderFailed(this.GetPrimaryKeyString(), exception);
        }
    }

    private async Task StopReminderAsync()
    {
        _reminderRegistered = false;
        try
        {
            if (await this.GetReminder(ReminderName) is { } reminder)
            {
                await this.UnregisterReminder(reminder);
            }
        }
        catch (Exception exception)
        {
            // A stale reminder only wakes the grain, which finds nothing pending and tries again.
            LogReminderFailed(this.GetPrimaryKeyString(), exception);
        }

        if (queue.State.Pending.Count > 0 && queue.State.Definition is not null)
        {
            // Something was queued while the reminder was being removed.
            await EnsureReminderAsync();
        }
    }

    [LoggerMessage(EventId = 3001, Level = LogLevel.Debug, Message = "Webhook {WebhookId}: delivery {DeliveryId} delivered on attempt {Attempts} (HTTP {StatusCode})")]
    private partial void LogDelivered(string webhookId, string deliveryId, int attempts, int? statusCode);

    [LoggerMessage(EventId = 3002, Level = LogLevel.Information, Message = "Webhook {WebhookId}: delivery {DeliveryId} attempt {Attempts} failed ({Error}); next at {NextAttemptAt}")]
    private partial void LogAttemptFailed(string webhookId, string deliveryId, int attempts, string error, DateTimeOffset nextAttemptAt);

    [LoggerMessage(EventId = 3007, Level = LogLevel.Information, Message = "Webhook {WebhookId}: protected its secret, stored in plain text by an earlier version")]
    private partial void LogSecretProtected(string webhookId);

    [LoggerMessage(EventId = 3003, Level = LogLevel.Warning, Message = "Webhook {WebhookId}: delivery {DeliveryId} abandoned after {Attempts} attempts: {Error}")]
    private partial void LogAbandoned(string webhookId, string deliveryId, int attempts, string error);

    [LoggerMessage(EventId = 3004, Level = LogLevel.Warning, Message = "Webhook {WebhookId}: delivery {DeliveryId} dropped, {Capacity} deliveries were pending")]
    private partial void LogDropped(string webhookId, string deliveryId, int capacity);

    [LoggerMessage(EventId = 3005, Level = LogLevel.Error, Message = "Webhook {WebhookId}: storing the delivery queue failed; retrying")]
    private partial void LogSaveFailed(string webhookId, Exception exception);

    [LoggerMessage(EventId = 3006, Level = LogLevel.Warning, Message = "Webhook {WebhookId}: changing the delivery reminder failed")]
    private partial void LogReminderFailed(string webhookId, Exception exception);
}
