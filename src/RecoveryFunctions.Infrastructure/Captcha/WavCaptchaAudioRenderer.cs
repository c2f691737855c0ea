using System.Buffers.Binary;
using System.Collections.Frozen;
using System.Security.Cryptography;
using RecoveryFunctions.Core.Captcha;

namespace RecoveryFunctions.Infrastructure.Captcha;

/// <summary>
/// Reads captcha characters aloud from per-character clips (espeak-ng, 8 kHz mono 16-bit, generated once by
/// Audio/generate-clips.py and embedded), each at a random gain after a random pause, over white and brown noise:
/// no speech service at run time, and no two renderings of one challenge alike sample for sample.
/// </summary>
public sealed class WavCaptchaAudioRenderer : ICaptchaAudioRenderer
{
    public const int SampleRate = 8000;

    private static readonly FrozenDictionary<string, FrozenDictionary<char, short[]>> Clips = LoadClips();

    public byte[] RenderWav(string text, string language)
    {
        ArgumentException.ThrowIfNullOrEmpty(text);
        if (!Clips.TryGetValue(language, out var voice))
        {
            throw new ArgumentOutOfRangeException(nameof(language), language, "No captcha voice for this language.");
        }

        var samples = new List<float>(text.Length * SampleRate);
        AddSilence(samples, Seconds(0.4, 0.7));
        foreach (var character in text)
        {
            var clip = voice.TryGetValue(character, out var found)
                ? found
                // The character itself stays out of the message: it is part of a captcha answer.
                : throw new ArgumentException("Captcha text contains a character without a clip.", nameof(text));
            var gain = Uniform(0.7, 1.0);
            samples.AddRange(clip.Select(s => (float)(s * gain)));
            AddSilence(samples, Seconds(0.35, 0.75)); // timing jitter: no fixed slot per character
        }

        AddSilence(samples, Seconds(0.2, 0.4));
        return Encode(AddNoise(samples));
    }

    /// <summary>White noise plus a wandering low rumble (brown noise), well below the speech level.</summary>
    private static short[] AddNoise(List<float> samples)
    {
        var mixed = new short[samples.Count];
        var (white, brownLevel, brown) = (Uniform(900, 1600), Uniform(1500, 2500), 0.0);
        // Two random bytes per sample in one call: a generator call per sample cost most of the render.
        var random = RandomNumberGenerator.GetBytes(2 * mixed.Length);
        for (var i = 0; i < mixed.Length; i++)
        {
            var (a, b) = ((random[2 * i] / 127.5) - 1, (random[(2 * i) + 1] / 127.5) - 1);
            brown = Math.Clamp((brown * 0.98) + a, -25, 25);
            var value = samples[i] + (b * white) + (brown / 25 * brownLevel);
            mixed[i] = (short)Math.Clamp(value, short.MinValue, short.MaxValue);
        }

        return mixed;
    }

    private static byte[] Encode(short[] samples)
    {
        const int HeaderBytes = 44;
        var data = samples.Length * 2;
        var wav = new byte[HeaderBytes + data];
        var span = wav.AsSpan();
        "RIFF"u8.CopyTo(span);
        BinaryPrimitives.WriteInt32LittleEndian(span[4..], HeaderBytes - 8 + data);
        "WAVEfmt "u8.CopyTo(span[8..]);
        BinaryPrimitives.WriteInt32LittleEndian(span[16..], 16); // PCM format chunk size
        BinaryPrimitives.WriteInt16LittleEndian(span[20..], 1); // PCM
        BinaryPrimitives.WriteInt16LittleEndian(span[22..], 1); // mono
        BinaryPrimitives.WriteInt32LittleEndian(span[24..], SampleRate);
        BinaryPrimitives.WriteInt32LittleEndian(span[28..], SampleRate * 2); // byte rate
        BinaryPrimitives.WriteInt16LittleEndian(span[32..], 2); // block align
        BinaryPrimitives.WriteInt16LittleEndian(span[34..], 16); // bits per sample
        "data"u8.CopyTo(span[36..]);
        BinaryPrimitives.WriteInt32LittleEndian(span[40..], data);
        for (var i = 0; i < samples.Length; i++)
        {
            BinaryPrimitives.WriteInt16LittleEndian(span[(HeaderBytes + (2 * i))..], samples[i]);
        }

        return wav;
    }

    /// <summary>Resources are named <c>captcha-audio/{language}/{character}.wav</c> (see the project file).</summary>
    private static FrozenDictionary<string, FrozenDictionary<char, short[]>> LoadClips()
    {
        var assembly = typeof(WavCaptchaAudioRenderer).Assembly;
        return assembly.GetManifestResourceNames()
            .Where(n => n.StartsWith("captcha-audio/", StringComparison.Ordinal))
            .Select(n => (Parts: n.Split('/'), Name: n))
            .GroupBy(r => r.Parts[1], StringComparer.Ordinal)
            .ToFrozenDictionary(g => g.Key, g => g.ToFrozenDictionary(r => r.Parts[2][0], r => ReadClip(assembly.GetManifestResourceStream(r.Name)!)), StringComparer.Ordinal);
    }

    /// <summary>The samples of a 16-bit mono PCM WAV at <see cref="SampleRate"/>, found by walking its chunks.</summary>
    private static short[] ReadClip(Stream stream)
    {
        using (stream)
        {
            using var buffer = new MemoryStream();
            stream.CopyTo(buffer);
            var bytes = buffer.ToArray().AsSpan();
            if (!bytes[..4].SequenceEqual("RIFF"u8) || !bytes[8..12].SequenceEqual("WAVE"u8)
                || BinaryPrimitives.ReadInt32LittleEndian(bytes[24..]) != SampleRate || BinaryPrimitives.ReadInt16LittleEndian(bytes[34..]) != 16)
            {
                throw new InvalidDataException("A captcha clip is not 8 kHz 16-bit PCM WAV; regenerate it with generate-clips.py.");
            }

            for (var offset = 12; offset + 8 <= bytes.Length;)
            {
                var size = BinaryPrimitives.ReadInt32LittleEndian(bytes[(offset + 4)..]);
                if (bytes.Slice(offset, 4).SequenceEqual("data"u8))
                {
                    var data = bytes.Slice(offset + 8, Math.Min(size, bytes.Length - offset - 8));
                    var samples = new short[data.Length / 2];
                    for (var i = 0; i < samples.Length; i++)
                    {
                        samples[i] = BinaryPrimitives.ReadInt16LittleEndian(data[(2 * i)..]);
                    }

                    return samples;
                }

                offset += 8 + size + (size & 1);
            }

            throw new InvalidDataException("A captcha clip has no data chunk.");
        }
    }

    private static void AddSilence(List<float> samples, int count) => samples.AddRange(Enumerable.Repeat(0f, count));

    private static int Seconds(double min, double max) => (int)(Uniform(min, max) * SampleRate);

    private static double Uniform(double min, double max) =>
        min + ((max - min) * (RandomNumberGenerator.GetInt32(1 << 24) / (double)(1 << 24)));
}
