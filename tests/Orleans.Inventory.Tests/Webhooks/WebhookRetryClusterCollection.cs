namespace Orleans.Inventory.Tests.Webhooks;

[CollectionDefinition(Name)]
public sealed class WebhookRetryClusterCollection : ICollectionFixture<WebhookRetryClusterFixture>
{
    public const string Name = "webhook retry cluster";
}
