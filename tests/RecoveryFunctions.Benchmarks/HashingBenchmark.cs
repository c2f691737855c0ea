using RecoveryFunctions.Core.Options;

namespace RecoveryFunctions.Benchmarks;

/// <summary>Runs <see cref="PasswordHashingBenchmarks"/> in-process (no child build) and turns its summary into rows.</summary>
public sealed class HashingBenchmark(BenchmarkOptions options)
{
    private const double Argon2LimitMs = 100;

    public IReadOnlyList<ReportRow> Run()
    {
        var summary = InProcessBenchmarks.Run<PasswordHashingBenchmarks>(options);

        var configured = new PasswordOptions();
        var rows = new List<ReportRow>();
        foreach (var report in summary.Reports)
        {
            var name = report.BenchmarkCase.Descriptor.WorkloadMethodDisplayInfo.Trim('\'');
            var (meanMs, managed) = InProcessBenchmarks.Measure(report);
            var isArgon2 = report.BenchmarkCase.Descriptor.WorkloadMethod.Name == nameof(PasswordHashingBenchmarks.Argon2id);
            var memory = isArgon2
                ? FormattableString.Invariant($"{configured.Argon2MemoryKiB / 1024.0:F0} MiB native (m={configured.Argon2MemoryKiB} KiB, t={configured.Argon2Iterations}, p={configured.Argon2Parallelism}) + {managed} B managed")
                : FormattableString.Invariant($"{managed} B managed");
            rows.Add(new ReportRow("4", name, FormattableString.Invariant($"{meanMs:F1} ms per hash; {memory}"),
                isArgon2 ? FormattableString.Invariant($"≤ {Argon2LimitMs:F0} ms, {configured.Argon2MemoryKiB / 1024} MiB") : "— (comparison)",
                isArgon2 ? meanMs <= Argon2LimitMs : null));
        }

        return rows;
    }

}
