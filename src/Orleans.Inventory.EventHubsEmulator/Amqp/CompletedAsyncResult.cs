namespace Orleans.Inventory.EventHubsEmulator.Amqp;

/// <summary>Opening a link needs no asynchronous work here; the library still speaks the Begin/End pattern.</summary>
internal sealed class CompletedAsyncResult : IAsyncResult
{
    private CompletedAsyncResult(object? state) => AsyncState = state;

    public object? AsyncState { get; }

    public WaitHandle AsyncWaitHandle => throw new NotSupportedException();

    public bool CompletedSynchronously => true;

    public bool IsCompleted => true;

    public static IAsyncResult Complete(AsyncCallback callback, object? state)
    {
        var result = new CompletedAsyncResult(state);
        callback(result);
        return result;
    }
}
