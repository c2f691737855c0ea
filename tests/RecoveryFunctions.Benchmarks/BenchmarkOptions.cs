using System.Globalization;

namespace RecoveryFunctions.Benchmarks;

/// <summary>
/// Command line: <c>--quick</c> (small samples), <c>--rows N</c> (cleanup size), <c>--out PATH</c>; <c>--timing</c> runs
/// only the timing check (figure 6), <c>--samples N</c> requests per account state and step.
/// </summary>
public sealed record BenchmarkOptions(bool Quick, int Rows, string OutputPath, bool Timing = false, int? Samples = null)
{
    public const int FullRows = 100_000;

    public static BenchmarkOptions Parse(IReadOnlyList<string> args)
    {
        ArgumentNullException.ThrowIfNull(args);
        var quick = args.Contains("--quick");
        var rows = FullRows;
        int? samples = null;
        var output = Path.Combine(AppContext.BaseDirectory, "BenchmarkResults.md");
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
                case "--out":
                    output = Path.GetFullPath(args[i + 1]);
                    break;
            }
        }

        ArgumentOutOfRangeException.ThrowIfLessThan(rows, 100);
        ArgumentOutOfRangeException.ThrowIfLessThan(samples ?? 20, 20);
        return new BenchmarkOptions(quick, rows, output, args.Contains("--timing"), samples);
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
