using System.Buffers.Binary;
using System.Buffers.Text;
using System.Security.Cryptography;

namespace RecoveryFunctions.Core.Tokens;

/// <summary>
/// HMAC-SHA256 under each key of a <see cref="TokenKeyRing"/>, keyed once and reused: computing tens of thousands of
/// fingerprints (every span of a message) costs one SHA-256 pass over each, not a re-keying each time. A fingerprint is
/// the MAC's first <see cref="TokenKeyRing.FingerprintBytes"/> bytes, held as a number so comparing two is one
/// instruction whatever they hold. Not thread-safe: one per computation.
/// </summary>
public sealed class FingerprintMac : IDisposable
{
    private readonly IncrementalHash[] _macs;

    internal FingerprintMac(IReadOnlyList<byte[]> keys)
    {
        _macs = [.. keys.Select(key => IncrementalHash.CreateHMAC(HashAlgorithmName.SHA256, key))];
    }

    /// <summary>How many values <see cref="Compute"/> writes: one per key, the current key's first.</summary>
    public int KeyCount => _macs.Length;

    /// <summary>The fingerprint of <paramref name="prefix"/> followed by <paramref name="message"/> under every key.</summary>
    public void Compute(ReadOnlySpan<byte> prefix, ReadOnlySpan<byte> message, Span<ulong> fingerprints)
    {
        Span<byte> full = stackalloc byte[HMACSHA256.HashSizeInBytes];
        for (var i = 0; i < _macs.Length; i++)
        {
            _macs[i].AppendData(prefix);
            _macs[i].AppendData(message);
            _macs[i].GetHashAndReset(full);
            fingerprints[i] = Read(full);
        }
    }

    public void Compute(ReadOnlySpan<byte> message, Span<ulong> fingerprints) => Compute([], message, fingerprints);

    /// <summary>The stored form: base64url of the 5 bytes.</summary>
    public static string Format(ulong fingerprint)
    {
        Span<byte> bytes = stackalloc byte[sizeof(ulong)];
        BinaryPrimitives.WriteUInt64BigEndian(bytes, fingerprint);
        return Base64Url.EncodeToString(bytes[(sizeof(ulong) - TokenKeyRing.FingerprintBytes)..]);
    }

    /// <returns>False for null or anything that is not a stored fingerprint.</returns>
    public static bool TryParse(string? text, out ulong fingerprint)
    {
        fingerprint = 0;
        Span<byte> bytes = stackalloc byte[sizeof(ulong)];
        bytes.Clear();
        if (text is null || !Base64Url.IsValid(text, out var length) || length != TokenKeyRing.FingerprintBytes)
        {
            return false;
        }

        Base64Url.DecodeFromChars(text, bytes[(sizeof(ulong) - TokenKeyRing.FingerprintBytes)..]);
        fingerprint = BinaryPrimitives.ReadUInt64BigEndian(bytes);
        return true;
    }

    public void Dispose()
    {
        foreach (var mac in _macs)
        {
            mac.Dispose();
        }
    }

    private static ulong Read(ReadOnlySpan<byte> mac)
    {
        ulong value = 0;
        for (var i = 0; i < TokenKeyRing.FingerprintBytes; i++)
        {
            value = (value << 8) | mac[i];
        }

        return value;
    }
}
