using System.Buffers.Binary;
using System.Text;

namespace RecoveryFunctions.TestSupport;

/// <summary>Decodes a WAV file's header the way a player would, and fails on anything but 16-bit PCM.</summary>
public static class WavAssert
{
    /// <summary>The duration in seconds of a RIFF/WAVE PCM file whose header is consistent with its size.</summary>
    public static double DurationOf(byte[] wav)
    {
        ArgumentNullException.ThrowIfNull(wav);
        Assert.True(wav.Length > 44, "Too short for a WAV header.");
        Assert.Equal("RIFF", Encoding.ASCII.GetString(wav, 0, 4));
        Assert.Equal(wav.Length - 8, BinaryPrimitives.ReadInt32LittleEndian(wav.AsSpan(4)));
        Assert.Equal("WAVEfmt ", Encoding.ASCII.GetString(wav, 8, 8));
        Assert.Equal(1, BinaryPrimitives.ReadInt16LittleEndian(wav.AsSpan(20))); // PCM
        var channels = BinaryPrimitives.ReadInt16LittleEndian(wav.AsSpan(22));
        var rate = BinaryPrimitives.ReadInt32LittleEndian(wav.AsSpan(24));
        var bits = BinaryPrimitives.ReadInt16LittleEndian(wav.AsSpan(34));
        Assert.Equal(16, bits);
        Assert.Equal(rate * channels * 2, BinaryPrimitives.ReadInt32LittleEndian(wav.AsSpan(28)));
        Assert.Equal("data", Encoding.ASCII.GetString(wav, 36, 4));
        var data = BinaryPrimitives.ReadInt32LittleEndian(wav.AsSpan(40));
        Assert.Equal(wav.Length - 44, data);
        return data / (double)(rate * channels * 2);
    }
}
