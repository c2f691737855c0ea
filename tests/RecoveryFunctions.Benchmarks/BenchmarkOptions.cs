using System.Globalization;

namespace RecoveryFunctions.Benchmarks;

/// <summary>
/// Command line: <c>--quick</c> (small samples), <c>--rows N</c> (cleanup size), <c>--out PATH</c>; <c>--timing</c> runs
/// only the timing check (figure 6), <c>--samples N</c> requests per account state and step;
/// <c>--email-burst [--time-scale N] [--outbox-age-days N]</c> runs the email burst alone;
/// <c>--altcha [--runs N] [--max-numbers A,B,C]</c> times the proof-of-work widget in Chromium alone; <c>--captchetat</c>
/// the CaptchEtat latency comparison alone; <c>--cleanup [--rows N]</c> the cleanup figure alone;
/// <c>--shared-address [--runs N]</c> the shared-address throughput alone;
/// <c>--cost</c> prints the cost model (<see cref="CostModel"/>), no host started;
/// <c>--night [--people N]</c> the deadline night's storage model alone (<see cref="NightBenchmark"/>);
/// <c>--throughput [--levels A,B,C] [--quiet-gap-ms N]</c> the requests a second per step and instance alone (<see cref="ThroughputBenchmark"/>).
/// </summary>
public sealed record BenchmarkOptions(bool Quick, int Rows, string OutputPath, bool Timing = false, int? Samples = null)
{
    /// <summary>Run only the email burst (<see cref="EmailBurstBenchmark"/>).</summary>
    public bool EmailBurst { get; init; }

    /// <summary>How many times faster than real time the burst's service and app durations run.</summary>
    public double TimeScale { get; init; } = 600;

    /// <summary>The outbox age cap of the burst, in days of service time (the app's default: 1).</summary>
    public double OutboxAgeDays { get; init; } = 1;

    /// <summary>Run only the shared-address throughput (<see cref="SharedAddressBenchmark"/>), <see cref="SharedAddressRuns"/> runs.</summary>
    public bool SharedAddress { get; init; }

    public int SharedAddressRuns { get; init; } = 5;

    /// <summary>Run only the CaptchEtat latency comparison (<see cref="CaptchEtatLatencyBenchmark"/>).</summary>
    public bool CaptchEtat { get; init; }

    /// <summary>Run only the cleanup figure (<see cref="CleanupBenchmark"/>).</summary>
    public bool Cleanup { get; init; }

    /// <summary>Print the cost model alone (<see cref="CostModel"/>): arithmetic on prices and counts, nothing measured.</summary>
    public bool Cost { get; init; }

    /// <summary>Run only the deadline night's storage model (<see cref="NightBenchmark"/>) with <see cref="People"/> people.</summary>
    public bool Night { get; init; }

    public int People { get; init; } = 2_000;

    /// <summary>Run only the per-step throughput (<see cref="ThroughputBenchmark"/>) at <see cref="ThroughputLevels"/> clients.</summary>
    public bool Throughput { get; init; }

    public IReadOnlyList<int> ThroughputLevels { get; init; } = [1, 4, 16, 32];

    /// <summary>Requests per client at each level (a level of c clients drives c × this many people through every step).</summary>
    public int ThroughputRequestsPerClient => Quick ? 3 : 6;

    /// <summary>Requests at one client, for the p50 against the floor (40 until 2026-12-07 10:30: the light steps' ratios moved by 0.1–0.2 between runs).</summary>
    public int ThroughputSingleSamples => Quick ? 20 : 100;

    /// <summary>
    /// The idle before each one-client request and before each of its replays, so both start from the same state: a call
    /// after idle costs more than back to back on this VM, more the longer the idle. 20 ms by default (since 2026-12-07
    /// 08:45); 0 times both from a warm machine, right after one call to Azurite and one to the cache.
    /// </summary>
    public TimeSpan ThroughputQuietGap { get; init; } = TimeSpan.FromMilliseconds(20);

    /// <summary>People taken through every step at one client before the levels, so that they time tier-1 code (nothing of them is kept).</summary>
    public int ThroughputWarmUpPeople => Quick ? 30 : 60;

    public const int FullRows = 100_000;

    /// <summary>Lighthouse's mobile CPU slowdown, "mid-tier mobile" from a high-end desktop.</summary>
    public const double PhoneCpuRate = 4;

    /// <summary>Run only the ALTCHA widget's solve time (<see cref="AltchaSolveBenchmark"/>).</summary>
    public bool Altcha { get; init; }

    /// <summary>Solves per MaxNumber and CPU rate.</summary>
    public int AltchaRuns { get; init; } = 21;

    public IReadOnlyList<int> AltchaMaxNumbers { get; init; } = [50_000, 100_000, 200_000];

    public static BenchmarkOptions Parse(IReadOnlyList<string> args)
    {
        ArgumentNullException.ThrowIfNull(args);
        var quick = args.Contains("--quick");
        var rows = FullRows;
        int? samples = null;
        var burst = args.Contains("--email-burst");
        var altcha = args.Contains("--altcha");
        int? runs = null;
        IReadOnlyList<int>? maxNumbers = null;

        var timeScale = 600.0;
        var ageDays = 1.0;
        var night = args.Contains("--night");
        var throughput = args.Contains("--throughput");
        IReadOnlyList<int>? levels = null;
        var people = quick ? 300 : 2_000;
        int? quietGapMs = null;
        var output = Path.Combine(AppContext.BaseDirectory, burst ? "BenchmarkResults-email-burst.md" : altcha ? "BenchmarkResults-altcha.md" : args.Contains("--cost") ? "BenchmarkResults-cost.md" : night ? "BenchmarkResults-night.md" : throughput ? "BenchmarkResults-throughput.md" : "BenchmarkResults.md");
        for (var i = 0; i < args.Count - 1; i++)
        {
            switch (args[i])
            {
                case "--rows":
                    rows = int.Parse(args[i + 1], NumberStyles.None, CultureInfo.InvariantCulture);
                    break;
                case "--samples":
                    samples = int.Parse(args[i + 1], NumberStyles.None, CultureInfo.InvariantCulture);
                    break;
                case "--time-scale":
                    timeScale = double.Parse(args[i + 1], NumberStyles.Float, CultureInfo.InvariantCulture);
                    break;
                case "--outbox-age-days":
                    ageDays = double.Parse(args[i + 1], NumberStyles.Float, CultureInfo.InvariantCulture);
                    break;
                case "--runs":
                    runs = int.Parse(args[i + 1], NumberStyles.None, CultureInfo.InvariantCulture);
                    break;
                case "--max-numbers":
                    maxNumbers = [.. args[i + 1].Split(',').Select(n => int.Parse(n, NumberStyles.AllowThousands, CultureInfo.InvariantCulture))];
                    break;
                case "--levels":
                    levels = [.. args[i + 1].Split(',').Select(n => int.Parse(n, NumberStyles.None, CultureInfo.InvariantCulture))];
                    break;
                case "--quiet-gap-ms":
                    quietGapMs = int.Parse(args[i + 1], NumberStyles.None, CultureInfo.InvariantCulture);
                    break;
                case "--people":
                    people = int.Parse(args[i + 1], NumberStyles.None, CultureInfo.InvariantCulture);
                    break;
                case "--out":
                    output = Path.GetFullPath(args[i + 1]);
                    break;
            }
        }

        ArgumentOutOfRangeException.ThrowIfLessThan(rows, 100);
        ArgumentOutOfRangeException.ThrowIfLessThan(samples ?? 20, 20);
        ArgumentOutOfRangeException.ThrowIfLessThan(timeScale, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(runs ?? 5, 5);
        ArgumentOutOfRangeException.ThrowIfLessThan(people, 100);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(quietGapMs ?? 0, 1_000);
        var parsed = new BenchmarkOptions(quick, rows, output, args.Contains("--timing"), samples) { EmailBurst = burst, TimeScale = timeScale, OutboxAgeDays = ageDays, Altcha = altcha, CaptchEtat = args.Contains("--captchetat"), Cleanup = args.Contains("--cleanup") };
        return parsed with
        {
            AltchaRuns = runs ?? (quick ? 7 : parsed.AltchaRuns),
            SharedAddress = args.Contains("--shared-address"),
            SharedAddressRuns = runs ?? (quick ? 5 : 9),
            AltchaMaxNumbers = maxNumbers ?? parsed.AltchaMaxNumbers,
            Cost = args.Contains("--cost"),
            Night = night,
            People = people,
            Throughput = throughput,
            ThroughputLevels = levels ?? (quick ? [1, 4, 16] : parsed.ThroughputLevels),
            ThroughputQuietGap = quietGapMs is { } gap ? TimeSpan.FromMilliseconds(gap) : parsed.ThroughputQuietGap,
        };
    }

    /// <summary>Journeys each client runs in the HTTP load: few in quick mode, enough for a stable p99 otherwise.</summary>
    public int JourneysPerClient(int clients) => (Quick, clients) switch
    {
        (true, 1) => 5,
        (true, _) => 1,
        (false, 1) => 30,
        (false, _) => 4,
    };

    public int RawOperations => Quick ? 200 : 2_000;

    /// <summary>Timed requests per account state and step (figure 6).</summary>
    public int TimingSamples => Samples ?? (Quick ? 200 : 600);
}
