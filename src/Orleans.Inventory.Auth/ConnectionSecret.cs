namespace Orleans.Inventory.Auth;

/// <summary>
/// Where a command-line tool reads a connection string: a file named by an option, else an environment variable, else
/// an optional development default. Never a command-line value, which any user of the machine can read in <c>ps</c>.
/// The devices CLI's <c>simulate</c> reads its Event Hubs connection string through it.
/// </summary>
public static class ConnectionSecret
{
    /// <summary>
    /// The connection string from <paramref name="filePath"/> (trimmed) when given, else from
    /// <paramref name="environmentVariable"/>, else <paramref name="developmentDefault"/>; an error naming the option or the
    /// variable when the file is missing, unreadable or empty, or when nothing is given and there is no default.
    /// </summary>
    public static ConnectionSecretResult Resolve(
        string? filePath, string fileOption, string environmentVariable, Func<string, string?> environment, string? developmentDefault)
    {
        ArgumentNullException.ThrowIfNull(environment);
        if (filePath is not null)
        {
            if (!File.Exists(filePath))
            {
                return ConnectionSecretResult.Failed($"{fileOption}: '{filePath}' does not exist");
            }

            string text;
            try
            {
                text = File.ReadAllText(filePath).Trim();
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                // The exception's message names the path and the cause, never the file's content.
                return ConnectionSecretResult.Failed($"{fileOption}: '{filePath}' cannot be read ({e.Message})");
            }

            return text.Length == 0
                ? ConnectionSecretResult.Failed($"{fileOption}: '{filePath}' is empty")
                : new ConnectionSecretResult(text, $"{fileOption} {filePath}", null);
        }

        if (environment(environmentVariable) is { } variable && !string.IsNullOrWhiteSpace(variable))
        {
            return new ConnectionSecretResult(variable.Trim(), $"${environmentVariable}", null);
        }

        return developmentDefault is null
            ? ConnectionSecretResult.Failed($"no connection string: set {environmentVariable} or pass {fileOption} <path>")
            : new ConnectionSecretResult(developmentDefault, "the development default", null);
    }
}
