using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace Orleans.Inventory.Security;

/// <summary>Registers <see cref="CallerEnvelopeOptions"/> (validated at start) and the <see cref="CallerEnvelopeSigner"/>.</summary>
public static class CallerEnvelopeServiceCollectionExtensions
{
    /// <summary>
    /// Binds <c>Inventory:CallerEnvelope</c>, validated at start (a key of at least
    /// <see cref="CallerEnvelopeOptions.MinKeyLength"/> characters, positive lifetimes within the maximum), and
    /// registers <see cref="CallerEnvelopeSigner"/>. Safe to call from several registrations of one host.
    /// </summary>
    public static IServiceCollection AddCallerEnvelopes(this IServiceCollection services)
    {
        const string Section = CallerEnvelopeOptions.SectionName;
        if (services.Any(s => s.ServiceType == typeof(CallerEnvelopeSigner)))
        {
            return services;
        }

        services.AddOptions<CallerEnvelopeOptions>().BindConfiguration(Section)
            .Validate(o => o.SigningKey is { Length: >= CallerEnvelopeOptions.MinKeyLength },
                $"{Section}:SigningKey must be set, at least {CallerEnvelopeOptions.MinKeyLength} characters, the same on the API, the silos and trusted clients (a deployment takes it from its secret store, never from a committed file).")
            .Validate(o => o.PreviousSigningKeys.All(k => k is { Length: >= CallerEnvelopeOptions.MinKeyLength }),
                $"{Section}:PreviousSigningKeys: each key must be at least {CallerEnvelopeOptions.MinKeyLength} characters.")
            .Validate(o => o.Lifetime > TimeSpan.Zero && o.Lifetime <= o.MaxLifetime, $"{Section}:Lifetime must be positive and at most MaxLifetime.")
            .Validate(o => o.MaxLifetime <= TimeSpan.FromDays(1), $"{Section}:MaxLifetime must be at most one day.")
            .Validate(o => o.ClockSkew >= TimeSpan.Zero && o.ClockSkew <= TimeSpan.FromMinutes(5), $"{Section}:ClockSkew must be 0 to 5 minutes.")
            .ValidateOnStart();
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton(provider => new CallerEnvelopeSigner(provider.GetRequiredService<IOptions<CallerEnvelopeOptions>>().Value));
        return services;
    }
}
