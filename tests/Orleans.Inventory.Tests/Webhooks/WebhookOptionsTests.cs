using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Orleans.Inventory.Grains;
using Orleans.Inventory.Grains.Webhooks;

namespace Orleans.Inventory.Tests.Webhooks;

/// <summary><c>Inventory:Webhooks</c> binds, and a bad value is refused with a message naming the key.</summary>
public sealed class WebhookOptionsTests
{
    private static WebhookOptions Resolve(params (string Key, string Value)[] settings)
    {
        var configuration = new ConfigurationBuilder()
            .AddInMemoryCollection(settings.Select(s => new KeyValuePair<string, string?>($"Inventory:Webhooks:{s.Key}", s.Value)))
            .Build();
        using var services = new ServiceCollection()
            .AddSingleton<IConfiguration>(configuration)
            .AddInventoryWebhooks()
            .BuildServiceProvider();
        return services.GetRequiredService<IOptions<WebhookOptions>>().Value;
    }

    [Fact]
    public void TheDefaultsAreOneSecondToFiveMinutesWithinADay()
    {
        var options = Resolve();

        Assert.Equal(TimeSpan.FromSeconds(1), options.InitialBackoff);
        Assert.Equal(TimeSpan.FromMinutes(5), options.MaxBackoff);
        Assert.Equal(TimeSpan.FromHours(24), options.RetryWindow);
    }

    [Fact]
    public void ConfiguredValuesAreBound()
    {
        var options = Resolve(("InitialBackoff", "00:00:02"), ("RetryWindow", "02:00:00"), ("MaxPendingDeliveries", "7"));

        Assert.Equal(TimeSpan.FromSeconds(2), options.InitialBackoff);
        Assert.Equal(TimeSpan.FromHours(2), options.RetryWindow);
        Assert.Equal(7, options.MaxPendingDeliveries);
    }

    [Theory]
    [InlineData("InitialBackoff", "00:00:00")]
    [InlineData("MaxBackoff", "00:00:00.5")]
    [InlineData("RetryWindow", "00:00:00.1")]
    [InlineData("RequestTimeout", "00:10:00")]
    [InlineData("ReminderPeriod", "00:00:00.5")]
    [InlineData("MaxWebhooks", "0")]
    [InlineData("MaxPendingDeliveries", "100000")]
    [InlineData("DeliveryHistoryCapacity", "0")]
    public void AnOutOfRangeValueIsRefusedNamingItsKey(string key, string value)
    {
        var refused = Assert.Throws<OptionsValidationException>(() => Resolve((key, value)));

        Assert.Contains($"Inventory:Webhooks:{key}", refused.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(1, 1000)]
    [InlineData(2, 2000)]
    [InlineData(3, 4000)]
    [InlineData(9, 256_000)]
    [InlineData(10, 300_000)]
    [InlineData(1000, 300_000)]
    public void BackoffDoublesFromTheInitialDelayUpToTheMaximumWithinTwentyPercent(int failures, double expectedMs)
    {
        var options = new WebhookOptions();

        var low = WebhookBackoff.Delay(failures, options, 0);
        var high = WebhookBackoff.Delay(failures, options, 0.999999);

        Assert.InRange(low.TotalMilliseconds, (expectedMs * 0.8) - 1, expectedMs * 0.8 + 1);
        Assert.InRange(high.TotalMilliseconds, Math.Min(expectedMs * 1.2, 300_000) - 1, Math.Min(expectedMs * 1.2, 300_000) + 1);
        Assert.True(high <= options.MaxBackoff);
    }

    [Fact]
    public void ARetryAfterLongerThanTheBackoffIsHonouredUpToTheMaximum()
    {
        var options = new WebhookOptions();

        Assert.Equal(TimeSpan.FromSeconds(30), WebhookBackoff.Delay(1, options, 0.5, TimeSpan.FromSeconds(30)));
        Assert.Equal(options.MaxBackoff, WebhookBackoff.Delay(1, options, 0.5, TimeSpan.FromHours(1)));
        Assert.Equal(TimeSpan.FromSeconds(1), WebhookBackoff.Delay(1, options, 0.5, TimeSpan.FromMilliseconds(10)));
    }
}
