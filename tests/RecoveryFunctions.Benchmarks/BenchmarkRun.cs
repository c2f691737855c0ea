namespace RecoveryFunctions.Benchmarks;

/// <summary>Starts the local host once, runs every figure against it, and writes the markdown report.</summary>
public static class BenchmarkRun
{
    private static readonly TimeSpan StartupLimit = TimeSpan.FromSeconds(15);

    public static async Task<string> RunAsync(BenchmarkOptions options, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (options.Timing)
        {
            return await RunTimingAsync(options, cancellationToken);
        }

        var rows = new List<ReportRow>();
        await using (var host = await BenchmarkHost.StartAsync(cancellationToken))
        {
            rows.Add(new ReportRow("5", "Start-up to the first 200 from /api/health (Azurite start included)", BenchmarkHost.Milliseconds(host.StartupToFirstHealthy),
                $"≤ {StartupLimit.TotalSeconds} s", host.StartupToFirstHealthy <= StartupLimit));
            Console.WriteLine("Cleanup…");
            rows.AddRange(await new CleanupBenchmark(host, options.Rows).RunAsync(cancellationToken));
            Console.WriteLine("Operation counts…");
            rows.AddRange(await new OperationCountBenchmark(host).RunAsync(cancellationToken));
            Console.WriteLine("HTTP load…");
            rows.AddRange(await new LoadBenchmark(host, options).RunAsync(cancellationToken));
            Console.WriteLine("Health probes…");
            rows.AddRange(await new HealthBenchmark(host, options).RunAsync(cancellationToken));
            Console.WriteLine("Azurite raw latency…");
            rows.AddRange(await new RawTableBenchmark(host, options).RunAsync(cancellationToken));
        }

        Console.WriteLine("Password hashing (BenchmarkDotNet)…");
        rows.AddRange(new HashingBenchmark(options).Run());

        var ordered = rows.OrderBy(r => r.Section, StringComparer.Ordinal).ToList();
        var report = MarkdownReport.Render(options, ordered,
        [
            "Limits marked (comparison) have none: they give the scale of the figure beside them.",
            "Operations are counted by an Azure.Core pipeline policy on the app's own storage clients; the email worker's queue polls (GET) are shared by all messages and left out.",
            "With Captcha:Mode=AlwaysPass (a load driver cannot read images) a captcha answer is not checked: production adds one point read and one delete per captcha.",
            "Latency limits are this project's budgets on a 2-core machine; SPEC gives none.",
        ]);
        return await WriteAsync(options, report, cancellationToken);
    }

    /// <summary>The timing check alone (figure 6): it wants a quiet machine and a host that does nothing else.</summary>
    private static async Task<string> RunTimingAsync(BenchmarkOptions options, CancellationToken cancellationToken)
    {
        IReadOnlyList<ReportRow> rows;
        await using (var host = await BenchmarkHost.StartAsync(cancellationToken))
        {
            rows = await new TimingBenchmark(host, options).RunAsync(cancellationToken);
        }

        var report = MarkdownReport.Render(options, rows,
        [
            "Each state is compared with unknown addresses: p is the two-sided Mann–Whitney p-value (normal approximation, tie-corrected), A the chance that a request for that state is slower than one for an unknown address (0.5: a single probe tells nothing).",
            FormattableString.Invariant($"With 12 comparisons at p ≥ {TimingBenchmark.MinimumP}, about one run in nine flags one by chance alone: a single low p is a reason to run again, a low p that repeats is a leak."),
            "Wrong-password sign-ins use each account at most 4 times, so no sample starts or meets a lock (locked accounts carry the account's own lock, which answers like the lockout).",
        ]);
        return await WriteAsync(options, report, cancellationToken);
    }

    private static async Task<string> WriteAsync(BenchmarkOptions options, string report, CancellationToken cancellationToken)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(options.OutputPath)!);
        await File.WriteAllTextAsync(options.OutputPath, report, cancellationToken);
        return report;
    }
}
