namespace Orleans.Inventory.Tests.Durable;

/// <summary>The repository root: the folder above the test binaries that holds the solution and package.json.</summary>
public static class RepositoryRoot
{
    public static string Find()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "Orleans.Inventory.sln")) && File.Exists(Path.Combine(directory.FullName, "package.json")))
            {
                return directory.FullName;
            }
        }

        throw new InvalidOperationException($"No repository root (Orleans.Inventory.sln + package.json) above {AppContext.BaseDirectory}.");
    }

    /// <summary>
    /// The build output of a project under src/, in the configuration the tests run in (they reference the project, so
    /// it is built before they run).
    /// </summary>
    public static string BuiltAssembly(string project)
    {
        var configuration = new DirectoryInfo(AppContext.BaseDirectory).Parent!.Name;
        var path = Path.Combine(Find(), "src", project, "bin", configuration, "net10.0", project + ".dll");
        return File.Exists(path) ? path : throw new FileNotFoundException($"{project} is not built at {path}.", path);
    }
}
