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
            .Validate(o => o.WriteDelay > TimeSpan.Zero && o.WriteDelay <= TimeSpan.FromMinutes(1), $"{NotificationHistoryOptions.SectionName}:WriteDelay must be more than 0 and at most 1 minute.")
            .ValidateOnStart();
        return services;
    }
}
