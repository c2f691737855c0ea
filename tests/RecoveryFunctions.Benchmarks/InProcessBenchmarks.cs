using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Jobs;
using BenchmarkDotNet.Reports;
using BenchmarkDotNet.Running;
using BenchmarkDotNet.Toolchains.InProcess.Emit;

namespace RecoveryFunctions.Benchmarks;

/// <summary>Runs a BenchmarkDotNet class in-process (no child build), short with --quick.</summary>
public static class InProcessBenchmarks
{
    public static Summary Run<T>(BenchmarkOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var job = (options.Quick ? Job.ShortRun.WithWarmupCount(1).WithIterationCount(3).WithLaunchCount(1) : Job.Default)
            .WithToolchain(InProcessEmitToolchain.Instance);
        var config = ManualConfig.CreateMinimumViable()
            .AddJob(job)
            .WithArtifactsPath(Path.Combine(AppContext.BaseDirectory, "BenchmarkDotNet.Artifacts"));
        return BenchmarkRunner.Run<T>(config);
    }

    /// <summary>Mean time of one case in milliseconds, and its managed allocation per operation.</summary>
    public static (double MeanMs, long ManagedBytes) Measure(BenchmarkReport report)
    {
        ArgumentNullException.ThrowIfNull(report);
        return ((report.ResultStatistics?.Mean ?? double.NaN) / 1_000_000, report.GcStats.GetBytesAllocatedPerOperation(report.BenchmarkCase) ?? 0);
    }
}
