using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;

namespace RecoveryFunctions.TestSupport;

/// <summary>Keeps every formatted message, its structured values and exception text for assertions.</summary>
public sealed class CapturingLogger<T> : ILogger<T>
{
    public ConcurrentQueue<(LogLevel Level, string Text)> Entries { get; } = new();

    public IDisposable? BeginScope<TState>(TState state)
        where TState : notnull => null;

    public bool IsEnabled(LogLevel logLevel) => true;

    public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
    {
        ArgumentNullException.ThrowIfNull(formatter);
        var values = state is IEnumerable<KeyValuePair<string, object?>> pairs
            ? string.Join(";", pairs.Select(pair => $"{pair.Key}={pair.Value}"))
            : string.Empty;
        Entries.Enqueue((logLevel, $"{formatter(state, exception)} | {values} | {exception}"));
    }
}
