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
}
