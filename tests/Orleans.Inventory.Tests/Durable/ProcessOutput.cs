using System.Diagnostics;
using System.Text;

namespace Orleans.Inventory.Tests.Durable;

/// <summary>What a child process writes (stdout and stderr), kept for failure messages.</summary>
public sealed class ProcessOutput
{
    private readonly StringBuilder _text = new();

    /// <summary>Starts reading a process started with redirected output.</summary>
    public static ProcessOutput Of(Process process)
    {
        var output = new ProcessOutput();
        process.OutputDataReceived += (_, line) => output.Keep(line.Data);
        process.ErrorDataReceived += (_, line) => output.Keep(line.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return output;
    }

    public string Text
    {
        get
        {
            lock (_text)
            {
                return _text.ToString();
            }
        }
    }

    private void Keep(string? line)
    {
        if (line is null)
        {
            return;
        }

        lock (_text)
        {
            // The start and the first failure are what a reader needs; cap so a noisy process cannot fill memory.
            if (_text.Length < 200_000)
            {
                _text.AppendLine(line);
            }
        }
    }
}
