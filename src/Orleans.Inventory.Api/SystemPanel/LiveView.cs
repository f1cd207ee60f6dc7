namespace Orleans.Inventory.Api.SystemPanel;

/// <summary>This API process's live-update hub: connected SSE clients and the newest item id.</summary>
public sealed record LiveView(int Clients, long LastId);
