namespace Orleans.Inventory.Tls;

/// <summary>Which side of the Orleans connections this process is on; decides what its own certificate must allow.</summary>
public enum TlsRole
{
    /// <summary>A silo: accepts silos and gateway clients, and dials silos (server and client authentication).</summary>
    Silo,

    /// <summary>A gateway client: dials gateways (client authentication).</summary>
    Client,
}
