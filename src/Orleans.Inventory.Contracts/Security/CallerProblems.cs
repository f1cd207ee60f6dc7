namespace Orleans.Inventory.Security;

/// <summary>Why a <see cref="CallerEnvelope"/> was refused (<see cref="CallerRefusedException.Problem"/>).</summary>
public static class CallerProblems
{
    /// <summary>The call carried no envelope.</summary>
    public const string Missing = "missing";

    /// <summary>Not an envelope of a known version and shape, or too long.</summary>
    public const string Malformed = "malformed";

    /// <summary>Signed with a key this silo does not hold (its key id is unknown).</summary>
    public const string UnknownKey = "unknown_key";

    /// <summary>The signature does not match the content: edited after signing.</summary>
    public const string BadSignature = "bad_signature";

    /// <summary>Past its expiry.</summary>
    public const string Expired = "expired";

    /// <summary>Issued in the future, or valid for longer than the silo allows.</summary>
    public const string BadLifetime = "bad_lifetime";

    /// <summary>None of the envelope's roles may make the call.</summary>
    public const string ForbiddenRole = "forbidden_role";

    /// <summary>The envelope's warehouse scope does not cover the warehouse the call acts on.</summary>
    public const string ForbiddenWarehouse = "forbidden_warehouse";
}
