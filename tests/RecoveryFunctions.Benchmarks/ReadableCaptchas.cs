using System.Collections.Concurrent;
using System.Security.Cryptography;
using Microsoft.Extensions.DependencyInjection;
using RecoveryFunctions.Core.Captcha;

namespace RecoveryFunctions.Benchmarks;

/// <summary>
/// The captcha renderer of the night and throughput benchmarks: the app's own drawing, unchanged and at its full cost,
/// and beside it, for the load driver alone, each drawing's text under the SHA-256 of its PNG. A person reads the text
/// off the image; a load driver cannot, so it looks the image up here (<see cref="TextOf"/>).
/// </summary>
public sealed class ReadableCaptchas(ICaptchaImageRenderer drawing) : ICaptchaImageRenderer
{
    private readonly ConcurrentDictionary<string, string> _texts = new(StringComparer.Ordinal);

    /// <summary>The app's renderer this one draws with (for a floor that must draw as the app does, without recording).</summary>
    public ICaptchaImageRenderer Drawing { get; } = drawing;

    public byte[] RenderPng(string text, ReadOnlySpan<byte> drawingKey, int scale)
    {
        var png = Drawing.RenderPng(text, drawingKey, scale);
        _texts[Digest(png)] = text;
        return png;
    }

    /// <summary>The text drawn in an image this renderer made, once: the driver answers each challenge once.</summary>
    public string TextOf(byte[] png)
        => _texts.TryRemove(Digest(png), out var text) ? text : throw new InvalidOperationException("This image was not drawn by the benchmark's renderer (or was already read).");

    /// <summary>
    /// Wraps the app's own <see cref="ICaptchaImageRenderer"/> registration (the real drawing), and registers the wrapper
    /// under its own type too, so the driver finds it whatever decorates the renderer afterwards.
    /// </summary>
    public static void Register(IServiceCollection services)
    {
        ArgumentNullException.ThrowIfNull(services);
        var app = ServiceDecoration.Take<ICaptchaImageRenderer>(services);
        services.AddSingleton(provider => new ReadableCaptchas(app(provider)));
        services.AddSingleton<ICaptchaImageRenderer>(provider => provider.GetRequiredService<ReadableCaptchas>());
    }

    private static string Digest(byte[] png) => Convert.ToHexString(SHA256.HashData(png));
}
