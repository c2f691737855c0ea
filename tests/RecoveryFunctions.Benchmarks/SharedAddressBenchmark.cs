using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Text;
using RecoveryFunctions.TestSupport;

namespace RecoveryFunctions.Benchmarks;

/// <summary>
/// Issue 26's table: forgotten-password requests for distinct unknown addresses over HTTP, per-client limits raised out
/// of the way (<see cref="BenchmarkHost"/>'s defaults), from 1 client, from 16 clients at once on 16 addresses and from
/// 16 clients at once on one address (each client its own connections, bound to a 127.x.y.z as from a NAT address).
/// Target: one address at least 80 % of the throughput of 16 addresses. The three set-ups alternate run by run, so a
/// change in the machine's load falls on all three.
/// </summary>
public sealed class SharedAddressBenchmark(BenchmarkHost host, int runs, int requestsPerRun)
{
    private const int Clients = 16;
    private const double Target = 0.8;

    public async Task<List<ReportRow>> RunAsync(CancellationToken cancellationToken = default)
    {
        var oneAddress = LoopbackSource.NewAddress();
        var spread = Enumerable.Range(0, Clients).Select(_ => LoopbackSource.NewAddress()).ToList();
        await MeasureAsync([LoopbackSource.NewAddress()], requestsPerRun / 4, cancellationToken);
        var results = new Dictionary<string, List<Run>>(StringComparer.Ordinal) { ["1"] = [], ["16 addresses"] = [], ["one address"] = [] };
        for (var run = 0; run < runs; run++)
        {
            results["1"].Add(await MeasureAsync([LoopbackSource.NewAddress()], requestsPerRun, cancellationToken));
            results["16 addresses"].Add(await MeasureAsync(spread, requestsPerRun, cancellationToken));
            results["one address"].Add(await MeasureAsync([.. Enumerable.Repeat(oneAddress, Clients)], requestsPerRun, cancellationToken));
        }

        var ratio = results["one address"].Sum(r => r.Throughput) / results["16 addresses"].Sum(r => r.Throughput);
        return
        [
            Row("1 client at a time", results["1"]),
            Row("16 clients at once, 16 addresses", results["16 addresses"]),
            Row("16 clients at once, one address", results["one address"]),
            new ReportRow("9", "Shared address: throughput of one address ÷ 16 addresses (mean over the runs)", ratio.ToString("P0", CultureInfo.InvariantCulture), $"≥ {Target:P0}", ratio >= Target),
        ];
    }

    private ReportRow Row(string clients, List<Run> runs)
    {
        string Range(Func<Run, double> figure, string format) => FormattableString.Invariant($"{runs.Min(figure).ToString(format, CultureInfo.InvariantCulture)}–{runs.Max(figure).ToString(format, CultureInfo.InvariantCulture)}");
        var refused = runs.Sum(r => r.Refused);
        return new ReportRow("9", $"Shared address, {clients} ({runs.Count} runs × {requestsPerRun} forgotten-password requests)",
            $"p50 {Range(r => r.Latency.Percentile(50), "F0")} ms, p95 {Range(r => r.Latency.Percentile(95), "F0")} ms, {Range(r => r.Throughput, "F0")}/s, {refused} refused", "(comparison); 0 refused", refused == 0);
    }

    /// <summary>One client per address given (the same address repeated = clients behind one NAT), sharing the requests.</summary>
    private async Task<Run> MeasureAsync(IReadOnlyList<IPAddress> addresses, int requests, CancellationToken cancellationToken)
    {
        var clients = addresses.Select(a => LoopbackSource.Client(host.App.BaseAddress, a)).ToList();
        try
        {
            var next = -1;
            var latencies = new List<double>[clients.Count];
            var refused = 0;
            var clock = Stopwatch.StartNew();
            await Task.WhenAll(clients.Select(async (client, index) =>
            {
                latencies[index] = [];
                while (Interlocked.Increment(ref next) < requests)
                {
                    var body = $"{{\"email\":\"partage.{Guid.NewGuid():N}@example.fr\",\"captchaId\":\"any\",\"captchaText\":\"any\"}}";
                    var started = Stopwatch.GetTimestamp();
                    using var response = await client.PostAsync(new Uri("/api/password-recovery", UriKind.Relative), new StringContent(body, Encoding.UTF8, "application/json"), cancellationToken);
                    latencies[index].Add(Stopwatch.GetElapsedTime(started).TotalMilliseconds);
                    if (response.StatusCode != HttpStatusCode.Accepted)
                    {
                        Interlocked.Increment(ref refused);
                    }
                }
            }));
            return new Run(new LatencySample(latencies.SelectMany(l => l)), requests / clock.Elapsed.TotalSeconds, refused);
        }
        finally
        {
            clients.ForEach(c => c.Dispose());
        }
    }

    private sealed record Run(LatencySample Latency, double Throughput, int Refused);
}
