using System.Diagnostics;
using System.Net;
using Microsoft.Extensions.DependencyInjection;
using RecoveryFunctions.Core.Captcha;
using RecoveryFunctions.Infrastructure.Captcha;
using RecoveryFunctions.DevServices.CaptchEtat;
using RecoveryFunctions.TestSupport;

namespace RecoveryFunctions.Benchmarks;

/// <summary>
/// What the CaptchEtat provider adds to a person's wait: the captcha request and the identify step, timed one after the
/// other with the built-in Image provider and with CaptchEtat against the local emulation (loopback, so the figure is
/// the app's own overhead: token cache, HTTP exchange, JSON; PISTE's network time comes on top in Azure).
/// </summary>
public static class CaptchEtatLatencyBenchmark
{
    public static async Task<IReadOnlyList<ReportRow>> RunAsync(BenchmarkOptions options, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(options);
        var samples = options.Quick ? 60 : 300;
        var renderer = new RecordingRenderer();
        var image = await MeasureAsync(new Dictionary<string, string?> { ["Captcha:Mode"] = "Image", ["Captcha:Provider"] = "Image" },
            s => s.AddSingleton<ICaptchaImageRenderer>(renderer), _ => renderer.LastText, samples, cancellationToken);
        var captchEtat = await MeasureAsync(new Dictionary<string, string?> { ["Captcha:Mode"] = "Image", ["Captcha:Provider"] = "CaptchEtat" },
            null, host => host.App.Services.GetRequiredService<LocalCaptchEtatStore>().LastText!, samples, cancellationToken);
        return
        [
            new ReportRow("9", "POST /api/captchas, Image / CaptchEtat (local emulation), 1 client", $"{image.Create.Describe()} / {captchEtat.Create.Describe()}", "— (comparison)", null),
            new ReportRow("9", "Identify (POST /api/password-recovery, right answer), Image / CaptchEtat (local emulation), 1 client", $"{image.Identify.Describe()} / {captchEtat.Identify.Describe()}", "— (comparison)", null),
        ];
    }

    private static async Task<(LatencySample Create, LatencySample Identify)> MeasureAsync(
        Dictionary<string, string?> settings, Action<IServiceCollection>? services, Func<BenchmarkHost, string> answer, int samples, CancellationToken cancellationToken)
    {
        await using var host = await BenchmarkHost.StartAsync(settings, services, cancellationToken);
        var create = new List<double>();
        var identify = new List<double>();
        for (var i = 0; i < samples + 5; i++)
        {
            var started = Stopwatch.GetTimestamp();
            using var created = await host.Client.CreateCaptchaAsync("password-recovery");
            var createMs = Stopwatch.GetElapsedTime(started).TotalMilliseconds;
            var id = (await created.JsonAsync()).GetProperty("captchaId").GetString()!;
            var text = answer(host);

            started = Stopwatch.GetTimestamp();
            using var step = await host.Client.PostJsonAsync("/api/password-recovery", new { email = $"bench.{Guid.NewGuid():N}@example.fr", captchaId = id, captchaText = text });
            var identifyMs = Stopwatch.GetElapsedTime(started).TotalMilliseconds;
            if (step.StatusCode != HttpStatusCode.Accepted)
            {
                throw new InvalidOperationException($"Identify answered {(int)step.StatusCode}: the benchmark's answer was refused.");
            }

            // The first few warm the token cache, the connection pools and the JIT.
            if (i >= 5)
            {
                create.Add(createMs);
                identify.Add(identifyMs);
            }
        }

        return (new LatencySample(create), new LatencySample(identify));
    }

    /// <summary>The real renderer (both providers draw for real), keeping the text for the benchmark's answer.</summary>
    private sealed class RecordingRenderer : ICaptchaImageRenderer
    {
        private readonly SkiaCaptchaImageRenderer _inner = new();

        public string LastText { get; private set; } = "";

        public byte[] RenderPng(string text, ReadOnlySpan<byte> drawingKey, int scale)
        {
            LastText = text;
            return _inner.RenderPng(text, drawingKey, scale);
        }
    }
}
