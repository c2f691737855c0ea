using System.Buffers.Text;
using System.Security.Cryptography;
using RecoveryFunctions.Core.Captcha;
using RecoveryFunctions.Core.Tokens;

namespace RecoveryFunctions.Tests.Captcha;

/// <summary>
/// The sealed challenge a client carries instead of a row (docs/decisions/0009-sealed-captcha.md): read back whole by the
/// app under the current or previous token key, unreadable and unforgeable without it.
/// </summary>
public sealed class SealedChallengeTests
{
    private static readonly SealedChallenge Challenge = SealedChallenge.New(
        CaptchaPurpose.UsernameRecovery, DateTimeOffset.FromUnixTimeMilliseconds(1_800_000_000_123), "Image=0123456789abcdef0123456789abcdef.salt:hash|ProofOfWork=challenge");

    [Fact]
    public void Open_UnderTheRingThatSealedIt_TheSameChallenge()
    {
        var ring = new TokenKeyRing(RandomNumberGenerator.GetBytes(32), null);

        Assert.Equal(Challenge, SealedChallenge.Open(ring, Challenge.Seal(ring)));
    }

    /// <summary>Rotation as for every token-key use: the previous key still opens, a retired one does not.</summary>
    [Fact]
    public void Open_AfterRotation_OpensUntilItsKeyIsRetired()
    {
        var (oldKey, newKey, newerKey) = (RandomNumberGenerator.GetBytes(32), RandomNumberGenerator.GetBytes(32), RandomNumberGenerator.GetBytes(32));
        var id = Challenge.Seal(new TokenKeyRing(oldKey, null));

        Assert.Equal(Challenge, SealedChallenge.Open(new TokenKeyRing(newKey, oldKey), id));
        Assert.Null(SealedChallenge.Open(new TokenKeyRing(newerKey, newKey), id));
    }

    [Fact]
    public void Open_AnyByteFlipped_Null()
    {
        var ring = new TokenKeyRing(RandomNumberGenerator.GetBytes(32), null);
        var envelope = Base64Url.DecodeFromChars(Challenge.Seal(ring));

        for (var i = 0; i < envelope.Length; i++)
        {
            byte[] altered = [.. envelope];
            altered[i] ^= 0x80;
            Assert.Null(SealedChallenge.Open(ring, Base64Url.EncodeToString(altered)));
        }
    }

    /// <summary>The scope is the associated data and picks the key: what the ring seals for another use never opens as a challenge.</summary>
    [Fact]
    public void Open_SealedForAnotherScope_Null()
    {
        var ring = new TokenKeyRing(RandomNumberGenerator.GetBytes(32), null);
        var plaintext = Base64Url.DecodeFromChars(Challenge.Seal(ring)).Length;

        Assert.Null(SealedChallenge.Open(ring, ring.Seal("another-use", new byte[plaintext])));
    }

    /// <summary>Nothing of what is sealed shows in the id, and two seals of one challenge differ (random nonce).</summary>
    [Fact]
    public void Seal_Twice_DifferentIdsShowingNothingInClear()
    {
        var ring = new TokenKeyRing(RandomNumberGenerator.GetBytes(32), null);

        var (first, second) = (Challenge.Seal(ring), Challenge.Seal(ring));

        Assert.NotEqual(first, second);
        foreach (var clear in new[] { "0123456789abcdef", "salt", "hash", "challenge", Challenge.Id })
        {
            Assert.DoesNotContain(clear, first, StringComparison.Ordinal);
        }
    }
}
