using System.Collections.Concurrent;

namespace RecoveryFunctions.Benchmarks;

/// <summary>Durations of each HTTP step, collected from concurrent clients.</summary>
public sealed class StepTimings
{
    private readonly ConcurrentDictionary<string, ConcurrentBag<double>> _steps = new();

    public void Add(string step, TimeSpan elapsed) => _steps.GetOrAdd(step, _ => []).Add(elapsed.TotalMilliseconds);

    public IEnumerable<(string Step, LatencySample Sample)> Steps => _steps.Select(s => (s.Key, new LatencySample(s.Value)));
}
