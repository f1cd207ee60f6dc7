using System.Globalization;
using System.Runtime.InteropServices;

namespace Orleans.Inventory.LoadTests;

/// <summary>The machine a run was measured on; numbers from different machines are not comparable, ratios less so.</summary>
internal sealed record MachineInfo(int Cores, string TotalMemory, string CpuModel, string Os, string Runtime)
{
    public static MachineInfo Read() => new(
        Environment.ProcessorCount,
        ReadMemTotal(),
        ReadField("/proc/cpuinfo", "model name") ?? RuntimeInformation.ProcessArchitecture.ToString(),
        RuntimeInformation.OSDescription,
        RuntimeInformation.FrameworkDescription);

    /// <summary>The 1, 5 and 15 minute load averages: another process busy on the machine shows here.</summary>
    public static string LoadAverage()
    {
        try
        {
            string[] fields = File.ReadAllText("/proc/loadavg").Split(' ');
            return fields.Length >= 3 ? $"{fields[0]} {fields[1]} {fields[2]}" : "unknown";
        }
        catch (IOException)
        {
            return "unknown";
        }
    }

    private static string ReadMemTotal()
    {
        // "MemTotal:       24575980 kB"
        string? value = ReadField("/proc/meminfo", "MemTotal");
        string[] parts = value?.Split(' ', StringSplitOptions.RemoveEmptyEntries) ?? [];
        return parts.Length == 2 && parts[1] == "kB" && long.TryParse(parts[0], CultureInfo.InvariantCulture, out long kib)
            ? $"{(kib / 1024.0 / 1024.0).ToString("0.0", CultureInfo.InvariantCulture)} GiB"
            : value ?? "unknown";
    }

    private static string? ReadField(string path, string name)
    {
        try
        {
            foreach (string line in File.ReadLines(path))
            {
                int colon = line.IndexOf(':', StringComparison.Ordinal);
                if (colon > 0 && line[..colon].Trim() == name)
                {
                    return line[(colon + 1)..].Trim();
                }
            }
        }
        catch (IOException)
        {
        }
        catch (UnauthorizedAccessException)
        {
        }

        return null;
    }
}
