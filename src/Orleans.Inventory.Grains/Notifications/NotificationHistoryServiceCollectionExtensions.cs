using Microsoft.Extensions.DependencyInjection;

using Orleans.Inventory.Grains.Notifications;

namespace Orleans.Inventory.Grains;

public static class NotificationHistoryServiceCollectionExtensions
{
    /// <summary>Binds <see cref="NotificationHistoryOptions"/> from <c>Inventory:NotificationHistory</c>, validated at start.</summary>
    public static IServiceCollection AddNotificationHistory(this IServiceCollection services)
    {
        services.AddOptions<NotificationHistoryOptions>().BindConfiguration(NotificationHistoryOptions.SectionName)
            .Validate(o => o.Capacity is >= 1 and <= 10_000, $"{NotificationHistoryOptions.SectionName}:Capacity must be 1 to 10000.")
            .ValidateOnStart();
        return services;
    }
}
