using System.Buffers.Binary;
using System.Security.Cryptography;

namespace RecoveryFunctions.Infrastructure.Captcha;

/// <summary>
/// The random choices of one captcha drawing, as a stream keyed by a secret drawing key (HMAC-SHA256 in counter
/// mode): unpredictable without the key, like <see cref="RandomNumberGenerator"/>, yet the same key draws the same
/// picture again, so the 2× image can be rendered on request and match the 1× one without being stored.
/// </summary>
public sealed class CaptchaRandom
{
    private readonly byte[] _key;
    private readonly byte[] _block = new byte[HMACSHA256.HashSizeInBytes];
    private long _counter;
    private int _used = HMACSHA256.HashSizeInBytes;

    public CaptchaRandom(ReadOnlySpan<byte> key)
    {
        if (key.Length < 16)
        {
            throw new ArgumentException("A drawing key has at least 16 bytes.", nameof(key));
        }

        _key = key.ToArray();
    }

    /// <summary>A stream under a fresh random key, for a drawing nobody needs to make twice.</summary>
    public static CaptchaRandom Fresh() => new(RandomNumberGenerator.GetBytes(32));

    /// <summary>Uniform integer in [0, <paramref name="maxExclusive"/>), without modulo bias.</summary>
    public int NextInt(int maxExclusive)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(maxExclusive);
        var limit = uint.MaxValue - (uint.MaxValue % (uint)maxExclusive);
        uint value;
        do
        {
            value = NextUInt32();
        }
        while (value >= limit);
        return (int)(value % (uint)maxExclusive);
    }

    public int NextInt(int minInclusive, int maxExclusive) => minInclusive + NextInt(maxExclusive - minInclusive);

    /// <summary>Uniform float in [min, max) (24 bits of resolution).</summary>
    public float Uniform(float min, float max) => min + ((max - min) * (NextInt(1 << 24) / (float)(1 << 24)));

    private uint NextUInt32()
    {
        if (_used + sizeof(uint) > _block.Length)
        {
            Span<byte> counter = stackalloc byte[sizeof(long)];
            BinaryPrimitives.WriteInt64BigEndian(counter, _counter++);
            HMACSHA256.HashData(_key, counter, _block);
            _used = 0;
        }

        var value = BinaryPrimitives.ReadUInt32BigEndian(_block.AsSpan(_used));
        _used += sizeof(uint);
        return value;
    }
}
