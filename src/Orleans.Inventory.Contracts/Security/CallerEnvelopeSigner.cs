using System.Buffers.Text;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;

namespace Orleans.Inventory.Security;

/// <summary>
/// Signs and verifies <see cref="CallerEnvelope"/>s with HMAC-SHA256 under the key of <see cref="CallerEnvelopeOptions"/>.
/// </summary>
/// <remarks>
/// An envelope is the text <c>v1.{kid}.{payload}.{mac}</c>: <c>kid</c> names the key (8 hex characters of a SHA-256 of
/// it, so a rotated key is found without trying each), <c>payload</c> is base64url of UTF-8 JSON, <c>mac</c> is
/// base64url of HMAC-SHA256 over the ASCII of <c>v1.{kid}.{payload}</c>. The MAC covers the exact bytes sent, so no
/// canonical form is needed; it is compared in constant time and checked before the payload is parsed.
/// HMAC rather than ASP.NET Core Data Protection: the envelope needs integrity, not secrecy, between tiers that
/// already share configuration; Data Protection would need its key ring shared and persisted by every silo, API and
/// client tier (the Azure profile's ring is not configured yet) and costs more per call.
/// </remarks>
public sealed class CallerEnvelopeSigner
{
    /// <summary>The longest envelope accepted (a scope of a few hundred warehouses fits).</summary>
    public const int MaxLength = 16 * 1024;

    private const string Version = "v1";
    private const int KeyIdLength = 8;

    private readonly byte[] _signingKey;
    private readonly string _signingKeyId;
    private readonly Dictionary<string, byte[]> _verificationKeys = new(StringComparer.Ordinal);
    private readonly CallerEnvelopeOptions _options;

    public CallerEnvelopeSigner(CallerEnvelopeOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (options.SigningKey is not { Length: >= CallerEnvelopeOptions.MinKeyLength } key)
        {
            throw new ArgumentException($"{CallerEnvelopeOptions.SectionName}:SigningKey must be at least {CallerEnvelopeOptions.MinKeyLength} characters.", nameof(options));
        }

        _options = options;
        _signingKey = Encoding.UTF8.GetBytes(key);
        _signingKeyId = KeyId(_signingKey);
        _verificationKeys[_signingKeyId] = _signingKey;
        foreach (var previous in options.PreviousSigningKeys)
        {
            var bytes = Encoding.UTF8.GetBytes(previous);
            _verificationKeys.TryAdd(KeyId(bytes), bytes);
        }
    }

    /// <summary>The configured lifetime of an envelope (<see cref="CallerEnvelopeOptions.Lifetime"/>).</summary>
    public TimeSpan Lifetime => _options.Lifetime;

    /// <summary>
    /// A new envelope for <paramref name="subject"/>, valid from <paramref name="now"/> for
    /// <paramref name="lifetime"/> (default <see cref="CallerEnvelopeOptions.Lifetime"/>).
    /// </summary>
    public CallerEnvelope Create(string subject, string channel, IEnumerable<string> roles, IEnumerable<string> warehouses, DateTimeOffset now, TimeSpan? lifetime = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(subject);
        ArgumentException.ThrowIfNullOrEmpty(channel);
        var nonce = Convert.ToHexString(RandomNumberGenerator.GetBytes(8));
        return new CallerEnvelope(subject, channel, [.. roles], [.. warehouses], now, now + (lifetime ?? _options.Lifetime), nonce);
    }

    /// <summary>Creates and signs in one step; see <see cref="Create"/>.</summary>
    public string Issue(string subject, string channel, IEnumerable<string> roles, IEnumerable<string> warehouses, DateTimeOffset now, TimeSpan? lifetime = null) =>
        Sign(Create(subject, channel, roles, warehouses, now, lifetime));

    /// <summary>The signed text of <paramref name="envelope"/>, as it travels in RequestContext.</summary>
    public string Sign(CallerEnvelope envelope)
    {
        ArgumentNullException.ThrowIfNull(envelope);
        var payload = Base64Url.EncodeToString(Serialize(envelope));
        var signed = $"{Version}.{_signingKeyId}.{payload}";
        return $"{signed}.{Base64Url.EncodeToString(Mac(_signingKey, signed))}";
    }

    /// <summary>
    /// Checks <paramref name="token"/>'s form, key, signature (before reading its content) and lifetime at
    /// <paramref name="now"/>: the envelope, or the problem (<see cref="CallerProblems"/>) and a sentence naming it.
    /// </summary>
    public CallerEnvelopeCheck Verify(string? token, DateTimeOffset now)
    {
        if (string.IsNullOrEmpty(token))
        {
            return CallerEnvelopeCheck.Refused(CallerProblems.Missing, "the call carries no caller envelope");
        }

        if (token.Length > MaxLength)
        {
            return CallerEnvelopeCheck.Refused(CallerProblems.Malformed, $"the caller envelope is longer than {MaxLength} characters");
        }

        var parts = token.Split('.');
        if (parts.Length != 4 || parts[0] != Version || parts[1].Length != KeyIdLength)
        {
            return CallerEnvelopeCheck.Refused(CallerProblems.Malformed, $"the caller envelope is not of the form {Version}.{{kid}}.{{payload}}.{{mac}}");
        }

        if (!_verificationKeys.TryGetValue(parts[1], out var key))
        {
            return CallerEnvelopeCheck.Refused(CallerProblems.UnknownKey, $"the caller envelope is signed with key '{parts[1]}', which this tier does not hold");
        }

        byte[] mac;
        byte[] payload;
        try
        {
            mac = Base64Url.DecodeFromChars(parts[3]);
            payload = Base64Url.DecodeFromChars(parts[2]);
        }
        catch (FormatException)
        {
            return CallerEnvelopeCheck.Refused(CallerProblems.Malformed, "the caller envelope's payload or signature is not base64url");
        }

        if (!CryptographicOperations.FixedTimeEquals(mac, Mac(key, token.AsSpan(0, token.Length - parts[3].Length - 1))))
        {
            return CallerEnvelopeCheck.Refused(CallerProblems.BadSignature, "the caller envelope's signature does not match its content (edited after signing, or signed with another key)");
        }

        if (Deserialize(payload) is not { } envelope)
        {
            return CallerEnvelopeCheck.Refused(CallerProblems.Malformed, "the caller envelope's payload lacks a field or has one of the wrong type");
        }

        if (now > envelope.ExpiresAt + _options.ClockSkew)
        {
            return CallerEnvelopeCheck.Refused(CallerProblems.Expired, $"the caller envelope of '{envelope.Subject}' expired at {envelope.ExpiresAt:O} (now {now:O})");
        }

        if (envelope.IssuedAt > now + _options.ClockSkew || envelope.ExpiresAt < envelope.IssuedAt
            || envelope.ExpiresAt - envelope.IssuedAt > _options.MaxLifetime)
        {
            return CallerEnvelopeCheck.Refused(CallerProblems.BadLifetime,
                $"the caller envelope of '{envelope.Subject}' is valid from {envelope.IssuedAt:O} to {envelope.ExpiresAt:O}: issued in the future or longer than {CallerEnvelopeOptions.SectionName}:MaxLifetime ({_options.MaxLifetime})");
        }

        return CallerEnvelopeCheck.Valid(envelope);
    }

    private static string KeyId(byte[] key) =>
        Convert.ToHexStringLower(SHA256.HashData([.. "orleans-inventory/caller-envelope/"u8, .. key]))[..KeyIdLength];

    private static byte[] Mac(byte[] key, ReadOnlySpan<char> signed)
    {
        Span<byte> ascii = signed.Length <= 4096 ? stackalloc byte[signed.Length] : new byte[signed.Length];
        var written = Encoding.ASCII.GetBytes(signed, ascii);
        return HMACSHA256.HashData(key, ascii[..written]);
    }

    private static byte[] Serialize(CallerEnvelope envelope)
    {
        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartObject();
            writer.WriteString("sub", envelope.Subject);
            writer.WriteString("ch", envelope.Channel);
            writer.WriteStartArray("roles");
            foreach (var role in envelope.Roles)
            {
                writer.WriteStringValue(role);
            }

            writer.WriteEndArray();
            writer.WriteStartArray("wh");
            foreach (var warehouse in envelope.Warehouses)
            {
                writer.WriteStringValue(warehouse);
            }

            writer.WriteEndArray();
            writer.WriteNumber("iat", envelope.IssuedAt.ToUnixTimeMilliseconds());
            writer.WriteNumber("exp", envelope.ExpiresAt.ToUnixTimeMilliseconds());
            writer.WriteString("n", envelope.Nonce);
            writer.WriteEndObject();
        }

        return buffer.ToArray();
    }

    private static CallerEnvelope? Deserialize(byte[] payload)
    {
        try
        {
            using var document = JsonDocument.Parse(payload);
            var root = document.RootElement;
            return root.ValueKind == JsonValueKind.Object
                && root.TryGetProperty("sub", out var sub) && sub.GetString() is { Length: > 0 } subject
                && root.TryGetProperty("ch", out var ch) && ch.GetString() is { Length: > 0 } channel
                && root.TryGetProperty("roles", out var roles) && roles.ValueKind == JsonValueKind.Array
                && root.TryGetProperty("wh", out var wh) && wh.ValueKind == JsonValueKind.Array
                && root.TryGetProperty("iat", out var iat) && iat.TryGetInt64(out var issued)
                && root.TryGetProperty("exp", out var exp) && exp.TryGetInt64(out var expires)
                && root.TryGetProperty("n", out var n) && n.GetString() is { } nonce
                ? new CallerEnvelope(subject, channel, Strings(roles), Strings(wh),
                    DateTimeOffset.FromUnixTimeMilliseconds(issued), DateTimeOffset.FromUnixTimeMilliseconds(expires), nonce)
                : null;
        }
        catch (Exception exception) when (exception is JsonException or InvalidOperationException or ArgumentOutOfRangeException)
        {
            // Only reachable for a payload signed with our key: a signing tier's bug, reported as malformed.
            return null;
        }
    }

    private static string[] Strings(JsonElement array) => [.. array.EnumerateArray().Select(item => item.GetString() ?? throw new InvalidOperationException("null in a list"))];
}
