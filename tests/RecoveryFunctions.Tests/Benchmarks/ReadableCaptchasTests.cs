using Microsoft.Extensions.DependencyInjection;
using RecoveryFunctions.Benchmarks;
using RecoveryFunctions.Core.Captcha;
using RecoveryFunctions.Infrastructure.Captcha;

namespace RecoveryFunctions.Tests.Benchmarks;

/// <summary>
/// The load benchmarks' captcha (docs/operations/deadline-night.md): the app's own drawing, with each image's text kept
/// for the driver alone, so the captcha's cost in the figures is the real one.
/// </summary>
public sealed class ReadableCaptchasTests
{
    private static readonly byte[] Key = [.. Enumerable.Range(0, 32).Select(i => (byte)i)];

    [Fact]
    public void Register_WrapsTheAppsRenderer_WhateverDecoratesItAfterwards()
    {
        var services = new ServiceCollection();
        services.AddSingleton<ICaptchaImageRenderer, SkiaCaptchaImageRenderer>();
        ReadableCaptchas.Register(services);
        ServiceDecoration.Replace<ICaptchaImageRenderer>(services, inner => new Outer(inner));
        using var provider = services.BuildServiceProvider();

        var png = provider.GetRequiredService<ICaptchaImageRenderer>().RenderPng("K7PMXA", Key, 1);

        Assert.IsType<SkiaCaptchaImageRenderer>(provider.GetRequiredService<ReadableCaptchas>().Drawing);
        Assert.Equal(new SkiaCaptchaImageRenderer().RenderPng("K7PMXA", Key, 1), png);
        Assert.Equal("K7PMXA", provider.GetRequiredService<ReadableCaptchas>().TextOf(png));
    }

    [Fact]
    public void TextOf_EachImageOnce_AndOnlyImagesItDrew()
    {
        var captchas = new ReadableCaptchas(new SkiaCaptchaImageRenderer());
        var png = captchas.RenderPng("XAK7PM", Key, 1);

        Assert.Equal("XAK7PM", captchas.TextOf(png));
        Assert.Throws<InvalidOperationException>(() => captchas.TextOf(png));
        Assert.Throws<InvalidOperationException>(() => captchas.TextOf(new SkiaCaptchaImageRenderer().RenderPng("XAK7PN", Key, 1)));
    }

    /// <summary>A decorator registered after, as the throughput benchmark's drawing counter is.</summary>
    private sealed class Outer(ICaptchaImageRenderer inner) : ICaptchaImageRenderer
    {
        public byte[] RenderPng(string text, ReadOnlySpan<byte> drawingKey, int scale) => inner.RenderPng(text, drawingKey, scale);
    }
}
