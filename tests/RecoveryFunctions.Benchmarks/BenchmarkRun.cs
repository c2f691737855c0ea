using RecoveryFunctions.TestSupport;

namespace RecoveryFunctions.Benchmarks;

/// <summary>Starts the local host once, runs every figure against it, and writes the markdown report.</summary>
public static class BenchmarkRun
{
    private static readonly TimeSpan StartupLimit = TimeSpan.FromSeconds(15);

    private const string CaptchEtatNote = "CaptchEtat runs against the local emulation on loopback: the figures are the app's own overhead, PISTE's network time comes on top.";

    public static async Task<string> RunAsync(BenchmarkOptions options, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (options.Timing)
        {
            return await RunTimingAsync(options, cancellationToken);
        }

        if (options.Cost)
        {
            var costs = CostModel.Render([CostScenario.MillionRecoveries(), CostScenario.Night()], CostPrices.Published);
            Directory.CreateDirectory(Path.GetDirectoryName(options.OutputPath)!);
            await File.WriteAllTextAsync(options.OutputPath, costs, cancellationToken);
            return costs;
        }

        if (options.Night)
        {
            return await WriteAsync(options, await new NightBenchmark(options.People).RunAsync(cancellationToken),
            [
                "Rates are the operations recorded for the people driven, scaled to 1,700 sign-ins a second with the same mix (NightScale); a partition counts entities (a batch of n rows is n), a queue its messages (put, received, deleted), an account its requests (a batch is one).",
                "A hashed partition family's hottest partition in a sample of a few thousand people is an upper bound of its share at the night (few rows each, the maximum of small counts); a shared partition's figure is exact.",
                "Left out: the queue workers' empty polls and the timer functions (switched off): their rate does not grow with the load.",
            ], cancellationToken);
        }

        if (options.Throughput)
        {
            return await WriteAsync(options, await new ThroughputBenchmark(options).RunAsync(cancellationToken),
            [
                "Azurite is the floor here: one Node process on the same 2 cores as the host and the load driver (all in one process), so every figure is a lower bound of what an instance with Azure Table storage behind it serves.",
                "Each level drives c clients back to back (closed loop), each person from their own client address and account; a step's rate is its requests over the level's wall time. A step holds a level when its p99 ≤ 1 s.",
                "The captcha is drawn by the app's own renderer (the driver looks each image's text up by the PNG's digest), so its rate, CPU and floor include the drawing.",
                $"Floor of a step: each request at one client has its own calls (storage operations, cache scripts, Argon2id evaluations, captcha drawings; in its order, those in flight together together) redone from bare clients after the same {options.ThroughputQuietGap.TotalMilliseconds:F0} ms quiet gap as the request: the same rows read, writes and messages as large; the floor is the median redo. Beside it, the same calls priced one kind at a time (each kind's p50 timed back to back after each request), and the same redo served by a bare HTTP route (Kestrel in this process, no host, no app; the redo runs inside its handler) after the same quiet gap: what the HTTP hop alone adds, and what the host substitute and the app's code add beyond it. The recorder's own copying is taken out of each request's time (it parses what it copied after the request), and the floor's work out of the level's wall and CPU time.",
                "Where the time goes: each request's time waiting for storage and for the cache (as the app's clients measured them; of the storage, the table calls' time on the wire, from just before the transport to the response read, all and the first call alone, beside the same for its replay) and in Argon2id and drawing; the rest (HTTP, the host, the app's own code) before its first call, between its calls and after its last, beside a bare HTTP exchange and a request to the app that makes no operation, both after the same quiet gap; the garbage collections during it, and the bytes allocated during it beside those its replay allocated. Four small library calls (SHA-256, HMAC-SHA256, a JSON parse, random bytes) and five of the app's own pieces (phone mask, email canonicalization, flow token, an answer's JSON, a sealed captcha opened) are timed after the same gap, one after the other, and back to back: what a code path's first touch costs after idle.",
                "The queue worker's sends run in the same process (the benchmark waits for the outbox to be idle after the new password and at the end of each level); at one client an email is being sent while the next request runs.",
            ], cancellationToken);
        }

        if (options.Altcha)
        {
            return await WriteAsync(options, await new AltchaSolveBenchmark(options).RunAsync(cancellationToken),
            [
                "×4 is Lighthouse's mobile CPU slowdown, which Lighthouse's throttling documentation describes as moving a high-end desktop CPU into the range of a mid-tier mobile device. CDP applies it to the page only: Chromium refuses it for workers, where the widget hashes, so the phone-class rows divide the measured hash rate by 4.",
                "The measured time runs from the widget's 'verifying' state to 'verified' in the real /mot-de-passe-oublie/ page (workers loaded from the site, its CSP) and includes the widget's 500 ms minimum. The hash rate is the solution's number over its `took`. The secret number is uniform below MaxNumber: median search MaxNumber/2 hashes, 90th percentile 0.9 × MaxNumber.",
            ], cancellationToken);
        }

        if (options.EmailBurst)
        {
            return await WriteAsync(options, await new EmailBurstBenchmark(options.TimeScale, options.OutboxAgeDays).RunAsync(cancellationToken),
            [
                $"Time scale ×{options.TimeScale}: the local ACS quota windows, the link lifetimes, the outbox age cap and the status-check delay are all divided by it; a 1-second queue delay (the Storage minimum) is {options.TimeScale} s of service time.",
                "Repeatability windows stay at 5 real minutes (the app refuses a shorter one); the app's own status-read budget (one instance: the whole quota) counts over the same scaled windows as the endpoint.",
                "'Dropped unsent' are links that would have expired before a send slot: their holders ask again (README, Email). 'Parked' are on the poison queues (age cap) and can be replayed.",
            ], cancellationToken);
        }

        if (options.SharedAddress)
        {
            await using var shared = await BenchmarkHost.StartAsync(cancellationToken: cancellationToken);
            return await WriteAsync(options, await new SharedAddressBenchmark(shared, options.SharedAddressRuns, 192).RunAsync(cancellationToken),
            [
                "Forgotten-password requests for distinct unknown addresses, per-client limits raised out of the way (the host's benchmark settings), each client its own connections bound to a 127.x.y.z; figures are the range over the runs.",
                "One address: 16 clients share its sharded per-client counter (16 rows); 16 addresses: each client its own counter.",
            ], cancellationToken);
        }

        if (options.CaptchEtat)
        {
            return await WriteAsync(options, await CaptchEtatLatencyBenchmark.RunAsync(options, cancellationToken), [CaptchEtatNote], cancellationToken);
        }

        if (options.Cleanup)
        {
            await using var cleanupHost = await BenchmarkHost.StartAsync(cancellationToken: cancellationToken);
            return await WriteAsync(options, await new CleanupBenchmark(cleanupHost, options.Rows).RunAsync(cancellationToken), [], cancellationToken);
        }

        var rows = new List<ReportRow>();
        await using (var host = await BenchmarkHost.StartAsync(cancellationToken: cancellationToken))
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

        Console.WriteLine("CaptchEtat latency…");
        rows.AddRange(await CaptchEtatLatencyBenchmark.RunAsync(options, cancellationToken));
        Console.WriteLine("Password hashing (BenchmarkDotNet)…");
        rows.AddRange(new HashingBenchmark(options).Run());
        Console.WriteLine("Récapitulatif PDF (BenchmarkDotNet)…");
        rows.AddRange(SummaryPdfBenchmarks.Run(options));
        Console.WriteLine("Captcha rendering (BenchmarkDotNet)…");
        rows.AddRange(new CaptchaBenchmark(options).Run());

        return await WriteAsync(options, rows,
        [
            "Limits marked (comparison) have none: they give the scale of the figure beside them.",
            "Operations are counted by an Azure.Core pipeline policy on the app's own storage clients; the email worker's queue polls (GET) are shared by all messages and left out.",
            "With Captcha:Mode=AlwaysPass (a load driver cannot read images) a captcha answer is not checked: production adds one point read and one delete per captcha.",
            "Latency limits are this project's budgets on a 2-core machine; the contract gives none.",
            CaptchEtatNote,
        ], cancellationToken);
    }

    /// <summary>The timing check alone (figure 6): it wants a quiet machine and a host that does nothing else.</summary>
    private static async Task<string> RunTimingAsync(BenchmarkOptions options, CancellationToken cancellationToken)
    {
        IReadOnlyList<ReportRow> rows;
        await using (var host = await BenchmarkHost.StartAsync(cancellationToken: cancellationToken))
        {
            rows = await new TimingBenchmark(host, options).RunAsync(cancellationToken);
        }

        // The factor stage exists only under the ASVS profile: a host of its own.
        await using (var asvs = await BenchmarkHost.StartAsync(StandardsProfiles.Asvs, cancellationToken: cancellationToken))
        {
            rows = [.. rows, .. await new FactorTimingBenchmark(asvs, options).RunAsync(cancellationToken)];
        }

        return await WriteAsync(options, rows,
        [
            "Each state is compared with unknown addresses: p is the two-sided Mann–Whitney p-value (normal approximation, tie-corrected), A the chance that a request for that state is slower than one for an unknown address (0.5: a single probe tells nothing).",
            FormattableString.Invariant($"With 12 comparisons at p ≥ {TimingBenchmark.MinimumP}, about one run in nine flags one by chance alone: a single low p is a reason to run again, a low p that repeats is a leak."),
            "Each account is used at most 3 times per step (wrong-password sign-ins, wrong recovery codes), so no sample starts or meets a lock (locked accounts carry the account's own lock, which answers like the lockout).",
        ], cancellationToken);
    }

    private static async Task<string> WriteAsync(BenchmarkOptions options, IEnumerable<ReportRow> rows, IEnumerable<string> notes, CancellationToken cancellationToken)
    {
        var report = MarkdownReport.Render(options, rows.OrderBy(r => r.Section, StringComparer.Ordinal).ToList(), notes);
        Directory.CreateDirectory(Path.GetDirectoryName(options.OutputPath)!);
        await File.WriteAllTextAsync(options.OutputPath, report, cancellationToken);
        return report;
    }
}
