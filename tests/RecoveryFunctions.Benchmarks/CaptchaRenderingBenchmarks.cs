using BenchmarkDotNet.Attributes;
using RecoveryFunctions.Infrastructure.Captcha;

namespace RecoveryFunctions.Benchmarks;

/// <summary>
/// Figure 7: the CPU a challenge costs the app, the image (1× palette PNG at issue, 2× on request) and its audio (WAV mixed from the
/// embedded clips). Not sealed: BenchmarkDotNet refuses sealed benchmark classes.
/// </summary>
[MemoryDiagnoser]
public class CaptchaRenderingBenchmarks
{
    private const string Text = "K7MH9X";
    private readonly SkiaCaptchaImageRenderer _image = new();
    private readonly WavCaptchaAudioRenderer _audio = new();

    private readonly byte[] _drawingKey = System.Security.Cryptography.RandomNumberGenerator.GetBytes(32);

    [Benchmark(Description = "Captcha image, 1× palette PNG")]
    public byte[] Image() => _image.RenderPng(Text, _drawingKey, 1);

    [Benchmark(Description = "Captcha image, 2× palette PNG")]
    public byte[] Image2x() => _image.RenderPng(Text, _drawingKey, 2);

    [Benchmark(Description = "Captcha audio, French WAV")]
    public byte[] Audio() => _audio.RenderWav(Text, "fr");
}

/// <summary>Runs <see cref="CaptchaRenderingBenchmarks"/> and turns its summary into rows.</summary>
public sealed class CaptchaBenchmark(BenchmarkOptions options)
{
    /// <summary>A challenge must stay cheap next to the request it guards (the identify step's p99 is ~100 ms).</summary>
    private const double LimitMs = 50;

    public IReadOnlyList<ReportRow> Run()
    {
        var summary = InProcessBenchmarks.Run<CaptchaRenderingBenchmarks>(options);
        return [.. summary.Reports.Select(report =>
        {
            var (meanMs, managed) = InProcessBenchmarks.Measure(report);
            return new ReportRow("8", report.BenchmarkCase.Descriptor.WorkloadMethodDisplayInfo.Trim('\''),
                FormattableString.Invariant($"{meanMs:F1} ms; {managed / 1024} KiB managed"), FormattableString.Invariant($"≤ {LimitMs:F0} ms"), meanMs <= LimitMs);
        })];
    }
}
