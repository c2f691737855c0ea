using System.Security.Cryptography;
using RecoveryFunctions.Core.Tokens;

namespace RecoveryFunctions.Tests.Core;

public sealed class TokenKeyRingTests
{
    private static readonly byte[] KeyA = RandomNumberGenerator.GetBytes(32);
    private static readonly byte[] KeyB = RandomNumberGenerator.GetBytes(32);

    [Fact]
    public void Hash_SameToken_IsDeterministicAndNotTheToken()
    {
        var ring = new TokenKeyRing(KeyA, null);
        var token = TokenCodec.NewToken(DateTimeOffset.UnixEpoch);

        Assert.Equal(ring.Hash(token), ring.Hash(token));
        Assert.NotEqual(token, ring.Hash(token));
        Assert.Matches("^[A-Za-z0-9_-]{43}$", ring.Hash(token));
    }

    [Fact]
    public void Hash_KnownVector_IsHmacSha256Base64Url()
    {
        var key = new byte[32];
        var expected = System.Buffers.Text.Base64Url.EncodeToString(HMACSHA256.HashData(key, "abc"u8));

        Assert.Equal(expected, new TokenKeyRing(key, null).Hash("abc"));
    }

    [Fact]
    public void Fingerprint_KnownVector_FirstFiveBytesOfTheHmacBase64Url()
    {
        var key = new byte[32];
        var expected = System.Buffers.Text.Base64Url.EncodeToString(HMACSHA256.HashData(key, "abc"u8)[..TokenKeyRing.FingerprintBytes]);

        var fingerprint = new TokenKeyRing(key, null).Fingerprint("abc");

        Assert.Equal(expected, fingerprint);
        Assert.Equal(7, fingerprint.Length);
        Assert.True(FingerprintMac.TryParse(fingerprint, out var value));
        Assert.Equal(fingerprint, FingerprintMac.Format(value));
    }

    [Fact]
    public void FingerprintMac_AfterRotation_CurrentThenPreviousKeysValue()
    {
        var stored = new TokenKeyRing(KeyA, null).Fingerprint("secret-fingerprint:answer:1:dupont");
        using var mac = new TokenKeyRing(KeyB, KeyA).CreateFingerprintMac();
        Span<ulong> values = stackalloc ulong[mac.KeyCount];

        mac.Compute("secret-fingerprint:answer:1:"u8, "dupont"u8, values);

        Assert.Equal(2, mac.KeyCount);
        Assert.Equal(new TokenKeyRing(KeyB, null).Fingerprint("secret-fingerprint:answer:1:dupont"), FingerprintMac.Format(values[0]));
        Assert.Equal(stored, FingerprintMac.Format(values[1]));
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("AAAAAAAAAA")]
    [InlineData("a+b/c==")]
    public void FingerprintMac_NotAStoredFingerprint_NotParsed(string? text)
        => Assert.False(FingerprintMac.TryParse(text, out _));

    [Fact]
    public void CandidateHashes_AfterRotation_IncludeHashUnderPreviousKey()
    {
        var token = TokenCodec.NewToken(DateTimeOffset.UnixEpoch);
        var storedBeforeRotation = new TokenKeyRing(KeyA, null).Hash(token);

        var rotated = new TokenKeyRing(KeyB, KeyA);
        var candidates = rotated.CandidateHashes(token);

        Assert.Equal(2, candidates.Count);
        Assert.Equal(rotated.Hash(token), candidates[0]);
        Assert.Equal(storedBeforeRotation, candidates[1]);
        Assert.NotEqual(storedBeforeRotation, rotated.Hash(token));
    }

    [Fact]
    public void CandidateHashes_WithoutPreviousKey_HasOnlyCurrent()
    {
        var ring = new TokenKeyRing(KeyA, null);

        Assert.Equal([ring.Hash("t")], ring.CandidateHashes("t"));
    }

    [Fact]
    public void HashCode_SameCodeForTwoScopes_Differs()
    {
        var ring = new TokenKeyRing(KeyA, null);

        Assert.NotEqual(ring.HashCode("flow-1", "ABCDEFGH"), ring.HashCode("flow-2", "ABCDEFGH"));
        Assert.NotEqual(ring.Hash("ABCDEFGH"), ring.HashCode("flow-1", "ABCDEFGH"));
    }

    [Fact]
    public void CandidateCodeHashes_AfterRotation_IncludeHashUnderPreviousKey()
    {
        var stored = new TokenKeyRing(KeyA, null).HashCode("flow-1", "ABCDEFGH");

        Assert.Contains(stored, new TokenKeyRing(KeyB, KeyA).CandidateCodeHashes("flow-1", "ABCDEFGH"));
    }

    [Fact]
    public void Constructor_ShortKey_Throws()
    {
        Assert.Throws<ArgumentException>(() => new TokenKeyRing(new byte[31], null));
        Assert.Throws<ArgumentException>(() => new TokenKeyRing(KeyA, new byte[16]));
    }

    [Fact]
    public void Constructor_CallerClearsArray_RingKeepsItsCopy()
    {
        var key = RandomNumberGenerator.GetBytes(32);
        var ring = new TokenKeyRing(key, null);
        var before = ring.Hash("t");

        Array.Clear(key);

        Assert.Equal(before, ring.Hash("t"));
    }
}
