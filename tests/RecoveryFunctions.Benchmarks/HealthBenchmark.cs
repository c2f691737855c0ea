using System.Diagnostics;
using Microsoft.Extensions.DependencyInjection;
using RecoveryFunctions.Infrastructure.Health;

namespace RecoveryFunctions.Benchmarks;

/// <summary>
/// Figure 6: <c>GET /api/health</c> probed back to back by 1 and 16 clients for a fixed time (latency, probes per
/// second, and how many dependency readings they cost), and the latency of one uncached reading.
/// </summary>
public sealed class HealthBenchmark(BenchmarkHost host, BenchmarkOptions options)
{
    private const double ProbeP99LimitMs = 50;

    public async Task<IReadOnlyList<ReportRow>> RunAsync(CancellationToken cancellationToken = default)
    {
        var rows = new List<ReportRow>();
        var duration = options.Quick ? TimeSpan.FromSeconds(10) : TimeSpan.FromSeconds(30);
        foreach (var clients in new[] { 1, 16 })
        {
            host.Requests.Clear();
            var timings = new System.Collections.Concurrent.ConcurrentBag<double>();
            var clock = Stopwatch.StartNew();
            await Parallel.ForEachAsync(Enumerable.Range(0, clients), new ParallelOptions { MaxDegreeOfParallelism = clients, CancellationToken = cancellationToken }, async (_, ct) =>
            {
                while (clock.Elapsed < duration)
                {
                    var started = Stopwatch.GetTimestamp();
                    using var response = await host.Client.GetAsync(new Uri("/api/health", UriKind.Relative), ct);
                    response.EnsureSuccessStatusCode();
                    timings.Add(Stopwatch.GetElapsedTime(started).TotalMilliseconds);
                }
            });

            // Each reading makes exactly one point read on the accounts table (and three queue calls): nothing else reads it meanwhile.
            var readings = host.Requests.Requests.Count(r => r.IsPointRead && r.Resource.EndsWith("Accounts", StringComparison.Ordinal));
            var sample = new LatencySample(timings);
            rows.Add(new ReportRow("6", $"GET /api/health back to back, {clients} client(s), {duration.TotalSeconds:F0} s",
                Invariant($"{sample.Describe()}, {sample.Count / clock.Elapsed.TotalSeconds:F0} probes/s; {readings} dependency readings ({readings * 4} storage operations) for {sample.Count} probes"),
                Invariant($"p99 ≤ {ProbeP99LimitMs:F0} ms; ≤ 1 reading per {SystemHealth.CacheDuration.TotalSeconds:F0} s"),
                sample.Percentile(99) <= ProbeP99LimitMs && readings <= Math.Ceiling(clock.Elapsed / SystemHealth.CacheDuration) + 1));
        }

        var health = host.App.Services.GetRequiredService<SystemHealth>();
        var uncached = new List<double>();
        for (var i = 0; i < (options.Quick ? 50 : 200); i++)
        {
            var started = Stopwatch.GetTimestamp();
            await health.CheckAsync(fresh: true).WaitAsync(cancellationToken);
            uncached.Add(Stopwatch.GetElapsedTime(started).TotalMilliseconds);
        }

        rows.Add(new ReportRow("6", "One uncached health reading (table point read, 2 queue property reads, 1 peek, in parallel)", new LatencySample(uncached).Describe(), "— (comparison)", null));
        return rows;
    }

    private static string Invariant(FormattableString text) => FormattableString.Invariant(text);
}
