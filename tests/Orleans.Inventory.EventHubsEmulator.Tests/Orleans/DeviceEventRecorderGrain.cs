using global::Orleans.Streaming.EventHubs;
using global::Orleans.Streams;
using global::Orleans.Streams.Core;

namespace Orleans.Inventory.EventHubsEmulator.Tests.Orleans;

/// <summary>Subscribed implicitly to every device stream; records each event it is handed.</summary>
[ImplicitStreamSubscription(JsonDeviceDataAdapter.StreamNamespace)]
public sealed class DeviceEventRecorderGrain(ReceivedDeviceEvents received) : Grain, IDeviceEventRecorderGrain, IStreamSubscriptionObserver, IAsyncObserver<string>
{
    public async Task OnSubscribed(IStreamSubscriptionHandleFactory handleFactory) =>
        await handleFactory.Create<string>().ResumeAsync(this);

    public Task OnNextAsync(string item, StreamSequenceToken? token = null)
    {
        received.Add(this.GetPrimaryKeyString(), item, (token as EventHubSequenceToken)?.EventHubOffset ?? string.Empty);
        return Task.CompletedTask;
    }

    public Task OnCompletedAsync() => Task.CompletedTask;

    public Task OnErrorAsync(Exception ex) => Task.CompletedTask;
}
