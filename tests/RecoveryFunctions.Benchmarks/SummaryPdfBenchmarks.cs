using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Running;
using Microsoft.Extensions.Options;
using RecoveryFunctions.Core.Dates;
using RecoveryFunctions.Core.Options;
using RecoveryFunctions.Core.Summary;
using RecoveryFunctions.Infrastructure.Summary;

namespace RecoveryFunctions.Benchmarks;

/// <summary>
/// Printing the récapitulatif (PDFsharp, embedded font subset): what the queue worker pays per summary email and
/// GET /api/account/summary.pdf per call. Not sealed: BenchmarkDotNet refuses sealed benchmark classes.
/// </summary>
[MemoryDiagnoser]
public class SummaryPdfBenchmarks
{
    private const double LimitMs = 100;

    private readonly PdfSharpSummaryRenderer _renderer = new();
    private readonly SummaryDocument _document = new SummaryDocumentFactory(
        new ReadableDates(TimeZoneInfo.FindSystemTimeZoneById("Europe/Paris")),
        Options.Create(new ServiceOptions()))
        .Create(new AccountSummary("9052005203487", "demo.usager@example.fr", new QuestionView(1, "Dans quelle rue habitiez-vous à l'âge de dix ans ?"),
            "06 ** ** ** 78", "active", DateTimeOffset.UnixEpoch, null), "fr", DateTimeOffset.UnixEpoch);

    [Benchmark(Description = "Récapitulatif PDF (A4, PDFsharp)")]
    public byte[] Render() => _renderer.Render(_document);

    public static IReadOnlyList<ReportRow> Run(BenchmarkOptions options)
    {
        var summary = InProcessBenchmarks.Run<SummaryPdfBenchmarks>(options);
        var size = new SummaryPdfBenchmarks().Render().Length;
        return summary.Reports.Select(report =>
        {
            var meanMs = (report.ResultStatistics?.Mean ?? double.NaN) / 1_000_000;
            var managed = report.GcStats.GetBytesAllocatedPerOperation(report.BenchmarkCase) ?? 0;
            return new ReportRow("4", "Récapitulatif PDF, one A4 page (PDFsharp, DejaVu Sans subset)",
                FormattableString.Invariant($"{meanMs:F1} ms per PDF, {size / 1024.0:F1} KiB file, {managed / 1024.0 / 1024.0:F1} MiB allocated"),
                FormattableString.Invariant($"≤ {LimitMs:F0} ms"), meanMs <= LimitMs);
        }).ToList();
    }
}
