using System.Text.Json;

namespace Orleans.Inventory.LoadTests;

/// <summary>The JSON file the phases of one suite run add their scenario results to (rewritten after each scenario).</summary>
internal static class SuiteResults
{
    private static readonly JsonSerializerOptions Json = new() { WriteIndented = true };

    public static List<ScenarioResult> Read(string path) =>
        File.Exists(path) ? JsonSerializer.Deserialize<List<ScenarioResult>>(File.ReadAllText(path), Json) ?? [] : [];

    public static void Add(string path, ScenarioResult result)
    {
        var all = Read(path);
        all.RemoveAll(r => r.Id == result.Id && r.Profile == result.Profile);
        all.Add(result);
        Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(path))!);
        File.WriteAllText(path, JsonSerializer.Serialize(all, Json));
    }
}
