using System.Diagnostics;
using System.Globalization;
using RecoveryFunctions.TestSupport;

namespace RecoveryFunctions.Benchmarks;

/// <summary>
/// Figures 3 and 5b: p50/p99 of every HTTP step with 1 and 16 concurrent clients, each client running
/// whole journeys (captcha, registration, activation, sign-in, account, password recovery), while the
/// process's working set is sampled.
/// </summary>
public sealed class LoadBenchmark(BenchmarkHost host, BenchmarkOptions options)
{
    private const double SingleClientP99LimitMs = 500;
    private const double LoadedP99LimitMs = 2_000;
    private const long WorkingSetLimitBytes = 1024L * 1024 * 1024;
    private static readonly TimeSpan SampleEvery = TimeSpan.FromMilliseconds(200);

    public async Task<IReadOnlyList<ReportRow>> RunAsync(CancellationToken cancellationToken = default)
    {
        var rows = new List<ReportRow>();
        long peakWorkingSet = 0;
        using var sampling = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var sampler = Task.Run(async () =>
        {
            using var process = Process.GetCurrentProcess();
            while (!sampling.IsCancellationRequested)
            {
                process.Refresh();
                peakWorkingSet = Math.Max(peakWorkingSet, process.WorkingSet64);
                await Task.Delay(SampleEvery, CancellationToken.None);
            }
        }, CancellationToken.None);

        foreach (var clients in new[] { 1, 16 })
        {
            var timings = new StepTimings();
            var recoveryAvailable = true;
            await Parallel.ForEachAsync(Enumerable.Range(0, clients), new ParallelOptions { MaxDegreeOfParallelism = clients, CancellationToken = cancellationToken }, async (_, ct) =>
            {
                var journey = new HttpJourney(host, timings);
                for (var i = 0; i < options.JourneysPerClient(clients); i++)
                {
                    var email = HttpJourney.NewEmail();
                    await journey.RegisterAndActivateAsync(email, ct);
                    await journey.SignInAsync(email, Journeys.Password, ct);
                    recoveryAvailable &= await journey.RecoverPasswordAsync(email, HttpJourney.NewPassword(), ct);
                }
            });

            var limit = clients == 1 ? SingleClientP99LimitMs : LoadedP99LimitMs;
            rows.AddRange(timings.Steps.OrderBy(s => s.Step, StringComparer.Ordinal).Select(s => new ReportRow(
                "3", $"HTTP {s.Step}, {clients} client(s)", s.Sample.Describe(), Invariant($"p99 ≤ {limit:F0} ms"), s.Sample.Percentile(99) <= limit)));
            if (!recoveryAvailable)
            {
                rows.Add(new ReportRow("3", $"HTTP recovery steps, {clients} client(s)", "not available (POST /api/password-recovery answered 404)", Invariant($"p99 ≤ {limit:F0} ms"), null));
            }
        }

        await sampling.CancelAsync();
        await sampler;
        rows.Add(new ReportRow("5", "Working set under the load above (peak; host and driver share the process, Azurite apart)",
            (peakWorkingSet / 1024.0 / 1024.0).ToString("F0", CultureInfo.InvariantCulture) + " MiB", "≤ 1024 MiB", peakWorkingSet <= WorkingSetLimitBytes));
        return rows;
    }

    private static string Invariant(FormattableString text) => FormattableString.Invariant(text);
}
