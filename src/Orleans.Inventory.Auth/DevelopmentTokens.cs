using System.Security.Claims;
using System.Text;
using Microsoft.Extensions.Configuration;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace Orleans.Inventory.Auth;

/// <summary>
/// Makes and describes development tokens: HS256 JWTs signed with <see cref="InventoryAuthOptions.DevelopmentSigningKey"/>.
/// The one place tokens are made: the silo's printed admin token, the devices CLI's <c>token</c> command, the load tests
/// and the tests all call it.
/// </summary>
public sealed class DevelopmentTokens
{
    private readonly InventoryAuthOptions _options;
    private readonly SigningCredentials _credentials;

    public DevelopmentTokens(InventoryAuthOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (options.DevelopmentSigningKey is not { Length: >= InventoryAuthOptions.MinDevelopmentKeyLength } key)
        {
            throw new InvalidOperationException(
                $"{InventoryAuthOptions.SectionName}:DevelopmentSigningKey must be set (at least {InventoryAuthOptions.MinDevelopmentKeyLength} characters) to make development tokens.");
        }

        _options = options;
        _credentials = new SigningCredentials(SigningKey(key), SecurityAlgorithms.HmacSha256);
    }

    /// <summary>
    /// The <c>Inventory:Auth</c> settings the hosts read: <c>appsettings.json</c> in <paramref name="directory"/>, then
    /// <c>appsettings.{DOTNET_ENVIRONMENT}.json</c>, then environment variables (<c>Inventory__Auth__DevelopmentSigningKey</c>).
    /// </summary>
    public static InventoryAuthOptions ReadOptions(string directory)
    {
        var environment = Environment.GetEnvironmentVariable("DOTNET_ENVIRONMENT");
        var builder = new ConfigurationBuilder().SetBasePath(directory).AddJsonFile("appsettings.json", optional: true);
        if (!string.IsNullOrEmpty(environment))
        {
            builder.AddJsonFile($"appsettings.{environment}.json", optional: true);
        }

        return builder.AddEnvironmentVariables().Build().GetSection(InventoryAuthOptions.SectionName).Get<InventoryAuthOptions>() ?? new();
    }

    /// <summary>Tokens signed with the development key of the settings in <paramref name="directory"/> (see <see cref="ReadOptions"/>).</summary>
    public static DevelopmentTokens FromSettings(string directory) => new(ReadOptions(directory));

    /// <summary>The key the API checks development tokens with.</summary>
    public static SymmetricSecurityKey SigningKey(string developmentSigningKey) => new(Encoding.UTF8.GetBytes(developmentSigningKey));

    /// <summary>
    /// A token for <paramref name="subject"/> with <paramref name="roles"/>, valid for <paramref name="warehouses"/>
    /// (<c>*</c> for all), from <paramref name="notBefore"/> (now when null) for <paramref name="lifetime"/>.
    /// </summary>
    public string Create(
        string subject,
        IEnumerable<string> roles,
        IEnumerable<string> warehouses,
        TimeSpan? lifetime = null,
        DateTimeOffset? notBefore = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(subject);
        var start = notBefore ?? DateTimeOffset.UtcNow;
        var claims = new List<Claim> { new(InventoryClaims.Subject, subject) };
        claims.AddRange(roles.Distinct(StringComparer.Ordinal).Select(role => new Claim(InventoryClaims.Role, role)));
        claims.AddRange(warehouses.Distinct(StringComparer.Ordinal).Select(warehouse => new Claim(InventoryClaims.Warehouse, warehouse)));
        var descriptor = new SecurityTokenDescriptor
        {
            Issuer = _options.Issuer,
            Audience = _options.Audience,
            Subject = new ClaimsIdentity(claims),
            IssuedAt = start.UtcDateTime,
            NotBefore = start.UtcDateTime,
            Expires = (start + (lifetime ?? _options.DevelopmentTokenLifetime)).UtcDateTime,
            SigningCredentials = _credentials,
        };
        return new JsonWebTokenHandler { SetDefaultTimesOnTokenCreation = false }.CreateToken(descriptor);
    }

    /// <summary>The development admin token the silo prints: every role's rights on every warehouse.</summary>
    public string CreateAdmin(string subject = "dev-admin") =>
        Create(subject, [InventoryRoles.Admin], [InventoryClaims.AllWarehouses]);
}
