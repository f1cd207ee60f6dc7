namespace Orleans.Inventory.Browser.Tests;

/// <summary>The folder above the test binaries that holds the solution.</summary>
public static class RepositoryRoot
{
    public static string Path { get; } = Find();

    private static string Find()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(System.IO.Path.Combine(directory.FullName, "Orleans.Inventory.sln")))
            {
                return directory.FullName;
            }
        }

        throw new InvalidOperationException($"No Orleans.Inventory.sln above {AppContext.BaseDirectory}.");
    }
}
