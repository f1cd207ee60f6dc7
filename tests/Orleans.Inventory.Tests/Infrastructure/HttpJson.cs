using System.Net;
using System.Text;
using System.Text.Json.Nodes;

namespace Orleans.Inventory.Tests.Infrastructure;

/// <summary>Sends a request with an optional JSON body and reads the status and the JSON answer.</summary>
public static class HttpJson
{
    public static async Task<(HttpStatusCode Status, JsonNode Body)> SendJsonAsync(this HttpClient http, HttpMethod method, string path, string? body = null)
    {
        using var request = new HttpRequestMessage(method, path);
        if (body is not null)
        {
            request.Content = new StringContent(body, Encoding.UTF8, "application/json");
        }

        using var response = await http.SendAsync(request);
        return (response.StatusCode, JsonNode.Parse(await response.Content.ReadAsStringAsync())!);
    }
}
