namespace RecoveryFunctions.Benchmarks;

/// <summary>Starts the local host once, runs every figure against it, and writes the markdown report.</summary>
public static class BenchmarkRun
{
    private static readonly TimeSpan StartupLimit = TimeSpan.FromSeconds(15);

    public static async Task<string> RunAsync(BenchmarkOptions options, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(options);
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
            Console.WriteLine("Azurite raw latency…");
            rows.AddRange(await new RawTableBenchmark(host, options).RunAsync(cancellationToken));
        }

        Console.WriteLine("Password hashing (BenchmarkDotNet)…");
        rows.AddRange(new HashingBenchmark(options).Run());
        Console.WriteLine("Récapitulatif PDF (BenchmarkDotNet)…");
        rows.AddRange(SummaryPdfBenchmarks.Run(options));

        var ordered = rows.OrderBy(r => r.Section, StringComparer.Ordinal).ToList();
        var report = MarkdownReport.Render(options, ordered,
        [
            "Limits marked (comparison) have none: they give the scale of the figure beside them.",
            "Operations are counted by an Azure.Core pipeline policy on the app's own storage clients; the email worker's queue polls (GET) are shared by all messages and left out.",
            "With Captcha:Mode=AlwaysPass (a load driver cannot read images) a captcha answer is not checked: production adds one point read and one delete per captcha.",
            "Latency limits are this project's budgets on a 2-core machine; SPEC gives none.",
        ]);
        Directory.CreateDirectory(Path.GetDirectoryName(options.OutputPath)!);
        await File.WriteAllTextAsync(options.OutputPath, report, cancellationToken);
        return report;
    }
}
