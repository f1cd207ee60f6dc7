using System.Net;
using System.Security.Claims;
using System.Threading.RateLimiting;
using Microsoft.AspNetCore.Authentication.JwtBearer;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Microsoft.IdentityModel.Tokens;
using Orleans.Inventory.Api.Audit;
using Orleans.Inventory.Audit;
using Orleans.Inventory.Auth;
using Orleans.Inventory.Ledger;
using Orleans.Inventory.Security;

namespace Orleans.Inventory.Api.Security;

public static class InventorySecurityExtensions
{
    /// <summary>The one route that also takes its token from <c>?access_token=</c>: browsers' EventSource cannot send headers.</summary>
    public const string LiveStreamPath = "/api/stream";

    /// <summary>
    /// JWT bearer authentication (an OIDC <c>Authority</c>, or the development key, from <c>Inventory:Auth</c>, validated
    /// at start), the named policies of <see cref="InventoryPolicies"/> with a fallback that requires a signed-in user
    /// (deny by default), the per-principal rate limiter (<see cref="RateLimitOptions"/>), and the signer of the caller
    /// envelopes the API stamps on its grain calls (<c>Inventory:CallerEnvelope</c>, validated at start).
    /// </summary>
    public static IServiceCollection AddInventorySecurity(this IServiceCollection services)
    {
        services.AddCallerEnvelopes();
        const string Section = InventoryAuthOptions.SectionName;
        services.AddOptions<InventoryAuthOptions>().BindConfiguration(Section)
            .Validate(o => !string.IsNullOrEmpty(o.Authority) || o.DevelopmentSigningKey is { Length: >= InventoryAuthOptions.MinDevelopmentKeyLength },
                $"{Section}: set Authority (an OIDC issuer) or DevelopmentSigningKey (at least {InventoryAuthOptions.MinDevelopmentKeyLength} characters).")
            .Validate(o => !string.IsNullOrEmpty(o.Audience), $"{Section}:Audience must be set.")
            .Validate(o => !string.IsNullOrEmpty(o.Issuer), $"{Section}:Issuer must be set.")
            .Validate(o => o.DevelopmentTokenLifetime > TimeSpan.Zero, $"{Section}:DevelopmentTokenLifetime must be positive.")
            .ValidateOnStart();

        services.AddAuthentication(JwtBearerDefaults.AuthenticationScheme).AddJwtBearer();
        services.AddOptions<JwtBearerOptions>(JwtBearerDefaults.AuthenticationScheme)
            .Configure<IOptions<InventoryAuthOptions>>((jwt, auth) => ConfigureBearer(jwt, auth.Value));

        var authorization = services.AddAuthorizationBuilder()
            .SetFallbackPolicy(new AuthorizationPolicyBuilder().RequireAuthenticatedUser().Build());
        foreach (var (policy, roles) in InventoryPolicies.Roles)
        {
            authorization.AddPolicy(policy, p => p.RequireAuthenticatedUser().RequireRole(roles));
        }

        services.AddOptions<RateLimitOptions>().BindConfiguration(RateLimitOptions.SectionName)
            .Validate(o => o.RequestsPerSecond >= 1, $"{RateLimitOptions.SectionName}:RequestsPerSecond must be at least 1.")
            .Validate(o => o.Burst >= 1, $"{RateLimitOptions.SectionName}:Burst must be at least 1.")
            .ValidateOnStart();
        services.AddRateLimiter(_ => { });
        services.AddOptions<RateLimiterOptions>().Configure<IOptions<RateLimitOptions>>((limiter, limits) => ConfigureLimiter(limiter, limits.Value));

        services.AddHostedService<DevelopmentTokenBanner>();
        return services;
    }

    /// <summary>
    /// The denied-attempt audit (every 401, 403 and 429 answered behind it, counted per minute, caller and route in the
    /// <see cref="AuditFeed"/>), authentication, the rate limiter (after it, so it partitions by subject; before
    /// authorization, so unauthenticated floods are limited by address too) and authorization; then, for a signed-in
    /// caller, the signed <see cref="CallerEnvelope"/> every grain call of the request carries (see <see cref="EnvelopeOf"/>).
    /// Call after the static files of the dashboard (anonymous) and before the API's routes.
    /// </summary>
    public static IApplicationBuilder UseInventorySecurity(this IApplicationBuilder app) =>
        app.Use(AuditDeniedAsync).UseAuthentication().UseRateLimiter().UseAuthorization().Use(static (context, next) =>
        {
            // Who the grains verify and record in each ledger entry this request causes: RequestContext flows with
            // every grain call made from this request, co-hosted (embedded profile) or through the gateway.
            if (context.User.Identity?.IsAuthenticated == true)
            {
                var signer = context.RequestServices.GetRequiredService<CallerEnvelopeSigner>();
                var clock = context.RequestServices.GetRequiredService<TimeProvider>();
                CallerContext.UseEnvelope(signer.Sign(EnvelopeOf(context.User, signer, clock.GetUtcNow())));
            }

            return next(context);
        });

    /// <summary>
    /// The envelope of a signed-in principal: <see cref="ActorOf"/> as subject, channel <c>http</c>, its
    /// <see cref="InventoryClaims.Role"/> claims as roles and its <see cref="InventoryClaims.Warehouse"/> claims as
    /// scope (<c>*</c> for all, as <see cref="WarehouseScope"/> reads them), valid for <c>Inventory:CallerEnvelope:Lifetime</c>.
    /// </summary>
    public static CallerEnvelope EnvelopeOf(ClaimsPrincipal user, CallerEnvelopeSigner signer, DateTimeOffset now)
    {
        var scope = WarehouseScope.Of(user);
        return signer.Create(ActorOf(user), CallerContext.Http,
            user.FindAll(InventoryClaims.Role).Select(c => c.Value).Distinct(StringComparer.Ordinal),
            scope.IsAll ? [CallerEnvelope.AllWarehouses] : scope.Warehouses, now);
    }

    private static async Task AuditDeniedAsync(HttpContext context, RequestDelegate next)
    {
        await next(context);
        // Authentication has set the user by now (an anonymous one when the token was missing or invalid).
        var reason = context.Response.StatusCode switch
        {
            StatusCodes.Status401Unauthorized => AuditActions.Unauthenticated,
            StatusCodes.Status403Forbidden => AuditNote.Of(context)?.Reason ?? AuditActions.Forbidden,
            StatusCodes.Status429TooManyRequests => AuditActions.RateLimited,
            _ => null,
        };
        if (reason is not null)
        {
            context.RequestServices.GetRequiredService<AuditFeed>().Denied(context, reason, context.Response.StatusCode, AuditNote.Of(context)?.Detail);
        }
    }

    /// <summary>The ledger's actor for a signed-in principal: its subject, else the client it authenticated as.</summary>
    public static string ActorOf(ClaimsPrincipal user) =>
        user.FindFirstValue(InventoryClaims.Subject) is { Length: > 0 } subject ? $"user:{subject}"
        : (user.FindFirstValue("azp") ?? user.FindFirstValue("client_id")) is { Length: > 0 } client ? $"client:{client}"
        : CallerContext.Unidentified;

    /// <summary>The partition a request counts against: its subject, or its remote address when anonymous.</summary>
    public static string PrincipalKey(HttpContext context) =>
        context.User.FindFirstValue(InventoryClaims.Subject) is { Length: > 0 } subject
            ? $"sub:{subject}"
            : $"ip:{context.Connection.RemoteIpAddress ?? IPAddress.None}";

    private static void ConfigureBearer(JwtBearerOptions jwt, InventoryAuthOptions auth)
    {
        jwt.MapInboundClaims = false;
        jwt.Audience = auth.Audience;
        jwt.TokenValidationParameters = new TokenValidationParameters
        {
            ValidateIssuer = true,
            ValidateAudience = true,
            ValidateLifetime = true,
            RequireExpirationTime = true,
            ValidAudience = auth.Audience,
            NameClaimType = InventoryClaims.Subject,
            RoleClaimType = InventoryClaims.Role,
            ClockSkew = TimeSpan.FromMinutes(1),
        };
        if (!string.IsNullOrEmpty(auth.Authority))
        {
            // The issuer and signing keys come from the authority's OIDC metadata.
            jwt.Authority = auth.Authority;
        }
        else
        {
            jwt.TokenValidationParameters.ValidIssuer = auth.Issuer;
            jwt.TokenValidationParameters.IssuerSigningKey = DevelopmentTokens.SigningKey(auth.DevelopmentSigningKey!);
            jwt.TokenValidationParameters.ValidAlgorithms = [SecurityAlgorithms.HmacSha256];
        }

        jwt.Events = new JwtBearerEvents
        {
            OnMessageReceived = context =>
            {
                if (context.Request.Path.Equals(LiveStreamPath, StringComparison.Ordinal)
                    && context.Request.Query["access_token"].ToString() is { Length: > 0 } token)
                {
                    context.Token = token;
                }

                return Task.CompletedTask;
            },
        };
    }

    private static void ConfigureLimiter(RateLimiterOptions limiter, RateLimitOptions limits)
    {
        limiter.RejectionStatusCode = StatusCodes.Status429TooManyRequests;
        limiter.GlobalLimiter = PartitionedRateLimiter.Create<HttpContext, string>(context =>
            !limits.Enabled
                ? RateLimitPartition.GetNoLimiter("off")
                : RateLimitPartition.GetTokenBucketLimiter(PrincipalKey(context), _ => new TokenBucketRateLimiterOptions
                {
                    TokenLimit = limits.Burst,
                    TokensPerPeriod = limits.RequestsPerSecond,
                    ReplenishmentPeriod = TimeSpan.FromSeconds(1),
                    QueueLimit = 0,
                    AutoReplenishment = true,
                }));
        limiter.OnRejected = async (context, cancellationToken) =>
        {
            var retryAfter = context.Lease.TryGetMetadata(MetadataName.RetryAfter, out var wait) ? wait : TimeSpan.FromSeconds(1);
            var seconds = (int)Math.Max(1, Math.Ceiling(retryAfter.TotalSeconds));
            context.HttpContext.Response.Headers.RetryAfter = seconds.ToString(System.Globalization.CultureInfo.InvariantCulture);
            await Results.Problem(title: "Too many requests",
                    detail: $"More than {limits.RequestsPerSecond} requests per second (burst {limits.Burst}) from this principal ({RateLimitOptions.SectionName}); retry after {seconds} s.",
                    statusCode: StatusCodes.Status429TooManyRequests)
                .ExecuteAsync(context.HttpContext);
        };
    }
}
