using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;

namespace Orleans.Inventory.Tests.Infrastructure;

/// <summary>
/// Keeps the silo's warnings and errors (event id, category, the formatted line), the newest
/// <see cref="Capacity"/>, so a test can find a line it expects.
/// </summary>
public sealed class LogRecorder : ILoggerProvider
{
    public const int Capacity = 10_000;

    private readonly ConcurrentQueue<RecordedLog> _logs = new();

    public IReadOnlyList<RecordedLog> Logs => [.. _logs];

    /// <summary>The lines of one log event id.</summary>
    public IReadOnlyList<RecordedLog> Of(int eventId) => [.. _logs.Where(log => log.EventId == eventId)];

    public ILogger CreateLogger(string categoryName) => new Logger(this, categoryName);

    public void Dispose()
    {
    }

    private void Add(RecordedLog log)
    {
        _logs.Enqueue(log);
        while (_logs.Count > Capacity && _logs.TryDequeue(out _))
        {
        }
    }

    private sealed class Logger(LogRecorder recorder, string category) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => logLevel >= LogLevel.Warning;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            if (IsEnabled(logLevel))
            {
                recorder.Add(new RecordedLog(category, eventId.Id, logLevel, formatter(state, exception)));
            }
        }
    }
}

/// <summary>One line a <see cref="LogRecorder"/> kept.</summary>
public sealed record RecordedLog(string Category, int EventId, LogLevel Level, string Message);
