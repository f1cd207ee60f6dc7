using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Orleans.Inventory.Tests.Durable;

namespace Orleans.Inventory.Tests.Security;

/// <summary>
/// Issue 10 item 7's audit of what the repository commits: every key, secret and password in the profiles and in the
/// scripts and sources is empty, a clearly named development key (<c>DEVELOPMENT-ONLY-...</c>), or a development
/// key the tool's vendor publishes (Azurite's account key, the Event Hubs emulator's <c>SAS_KEY_VALUE</c>); the Azure
/// profile commits none at all. A new secret in a committed file fails here, naming the file and the setting.
/// </summary>
public sealed partial class CommittedSecretsTests
{
    /// <summary>Published by Microsoft for Azurite / the storage emulator (learn.microsoft.com, "Azurite ... well-known account").</summary>
    private const string AzuriteAccountKey = "Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==";

    /// <summary>The key of the Azure Event Hubs emulator's published connection string, kept for tools written against it.</summary>
    private const string EventHubsEmulatorKey = "SAS_KEY_VALUE";

    private static readonly string Root = RepositoryRoot.Find();

    private static bool IsAllowed(string value) =>
        value.Length == 0 || value.StartsWith("DEVELOPMENT-ONLY-", StringComparison.Ordinal) || value is AzuriteAccountKey or EventHubsEmulatorKey;

    private static bool IsSecretSetting(string name) =>
        SecretName().IsMatch(name) && !name.EndsWith("Path", StringComparison.Ordinal) && !name.EndsWith("Directory", StringComparison.Ordinal)
        && !name.EndsWith("Store", StringComparison.Ordinal) && !name.EndsWith("Name", StringComparison.Ordinal);

    private static IEnumerable<string> Profiles() => Directory.EnumerateFiles(Root, "appsettings*.json", SearchOption.TopDirectoryOnly);

    /// <summary>Every string setting of a profile with its path (<c>Inventory:Auth:DevelopmentSigningKey</c>, <c>...:SharedAccessKeys:1:Key</c>).</summary>
    private static IEnumerable<(string Path, string Name, string Value)> Settings(JsonNode? node, string path = "")
    {
        switch (node)
        {
            case JsonObject obj:
                foreach (var (name, child) in obj)
                {
                    foreach (var setting in Settings(child, path.Length == 0 ? name : $"{path}:{name}"))
                    {
                        yield return setting.Name.Length == 0 ? (setting.Path, name, setting.Value) : setting;
                    }
                }

                break;
            case JsonArray array:
                for (var i = 0; i < array.Count; i++)
                {
                    foreach (var setting in Settings(array[i], $"{path}:{i}"))
                    {
                        yield return setting;
                    }
                }

                break;
            case JsonValue value when value.TryGetValue<string>(out var text):
                yield return (path, string.Empty, text);
                break;
        }
    }

    [Fact]
    public void EveryKeyOrSecretInTheProfilesIsEmptyOrANamedDevelopmentKey()
    {
        var found = Profiles().SelectMany(file => Settings(JsonNode.Parse(File.ReadAllText(file))).Select(s => (File: Path.GetFileName(file), s.Path, s.Name, s.Value))).ToList();
        var secrets = found.Where(s => IsSecretSetting(s.Name)).ToList();
        var embedded = found.SelectMany(s => KeyInConnectionString().Matches(s.Value).Select(m => (s.File, s.Path, m.Groups["key"].Value))).ToList();

        Assert.NotEmpty(secrets); // the profiles do hold keys (the signing keys, the emulator's); the scan must see them
        Assert.All(secrets, s => Assert.True(IsAllowed(s.Value), $"{s.File} {s.Path} holds a value that is not a named development key"));
        Assert.All(embedded, s => Assert.True(IsAllowed(s.Item3), $"{s.File} {s.Path} holds a connection string with a key that is not a named development key"));
        Assert.All(found.Where(s => s.File == "appsettings.Azure.json" && (IsSecretSetting(s.Name) || KeyInConnectionString().IsMatch(s.Value))),
            s => Assert.True(s.Value.Length == 0, $"appsettings.Azure.json {s.Path} commits a secret; the Azure profile takes them from its environment"));
    }

    [Fact]
    public void ConnectionStringsInScriptsAndSourcesCarryOnlyDevelopmentKeys()
    {
        var files = new[] { "scripts", ".ci", "load-tests", "src" }
            .Select(folder => Path.Combine(Root, folder))
            .Where(Directory.Exists)
            .SelectMany(folder => Directory.EnumerateFiles(folder, "*", SearchOption.AllDirectories))
            .Where(file => file.EndsWith(".sh", StringComparison.Ordinal) || file.EndsWith(".cs", StringComparison.Ordinal) || file.EndsWith(".json", StringComparison.Ordinal)
                || Path.GetFileName(file) == "run")
            .Where(file => !file.Split(Path.DirectorySeparatorChar).Any(part => part is "bin" or "obj" or "node_modules"))
            .ToList();

        var keys = files.SelectMany(file => KeyInConnectionString().Matches(File.ReadAllText(file))
                .Select(m => (File: Path.GetRelativePath(Root, file), Key: m.Groups["key"].Value)))
            .Where(k => !k.Key.Contains('{', StringComparison.Ordinal) && !k.Key.Contains('[', StringComparison.Ordinal) && k.Key != "...")
            .ToList();

        Assert.NotEmpty(files);
        Assert.All(keys, k => Assert.True(IsAllowed(k.Key), $"{k.File} holds a connection string whose key '{k.Key[..Math.Min(6, k.Key.Length)]}...' is not a named development key"));
    }

    [GeneratedRegex("(Key|Secret|Password)$")]
    private static partial Regex SecretName();

    [GeneratedRegex("(SharedAccessKey|AccountKey)=(?<key>[^;\"'\\s`)]*)")]
    private static partial Regex KeyInConnectionString();
}
