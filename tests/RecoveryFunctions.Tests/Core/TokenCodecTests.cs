using System.Buffers.Text;
using System.Security.Cryptography;
using RecoveryFunctions.Core.Tokens;

namespace RecoveryFunctions.Tests.Core;

public sealed class TokenCodecTests
{
    private static readonly byte[] KeyA = Enumerable.Repeat((byte)0xA1, 32).ToArray();
    private static readonly byte[] KeyB = Enumerable.Repeat((byte)0xB2, 32).ToArray();
    private static readonly DateTimeOffset Expiry = new(2026, 12, 1, 17, 4, 0, TimeSpan.Zero);

    [Fact]
    public void NewToken_Always_IsExpiryBucketThen32RandomBytesInBase64Url()
    {
        var token = TokenCodec.NewToken(Expiry);

        Assert.Equal(52, token.Length);
        Assert.Equal(ExpiryBucket.Format(ExpiryBucket.Of(Expiry)), token[..9]);
        Assert.Matches("^[A-Za-z0-9_-]{43}$", token[9..]);
        Assert.Equal(32, Base64Url.DecodeFromChars(token.AsSpan(9)).Length);
    }

    [Fact]
    public void NewToken_ManyTimes_IsUnique()
    {
        var tokens = Enumerable.Range(0, 10_000).Select(_ => TokenCodec.NewToken(Expiry)).ToHashSet();

        Assert.Equal(10_000, tokens.Count);
    }

    [Fact]
    public void Issue_Always_AddressIsBucketAndShardThenHmacOfTheToken()
    {
        var issued = new TokenCodec(new TokenKeyRing(KeyA, null)).Issue(Expiry);

        // The storage layout rows have always had: "{bucket}_{first random character}", HMAC-SHA256 base64url.
        Assert.Equal($"{issued.Token[..9]}_{issued.Token[9]}", issued.Address.Partition);
        Assert.Equal(Base64Url.EncodeToString(HMACSHA256.HashData(KeyA, System.Text.Encoding.UTF8.GetBytes(issued.Token))), issued.Address.Row);
    }

    [Fact]
    public void Candidates_AfterRotation_CurrentKeyFirstThenTheAddressIssuedBefore()
    {
        var issued = new TokenCodec(new TokenKeyRing(KeyA, null)).Issue(Expiry);

        var candidates = new TokenCodec(new TokenKeyRing(KeyB, KeyA)).Candidates(issued.Token);

        Assert.Equal(2, candidates.Count);
        Assert.NotEqual(issued.Address, candidates[0]);
        Assert.Equal(issued.Address, candidates[1]);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("short")]
    [InlineData("AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA")]
    [InlineData("123456789AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=")]
    [InlineData("123456789AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA' or ''='")]
    [InlineData("-23456789AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA")]
    [InlineData("123456789AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA")]
    public void Candidates_NotShapedLikeAToken_None(string? token)
    {
        Assert.Empty(new TokenCodec(new TokenKeyRing(KeyA, KeyB)).Candidates(token));
    }

    [Fact]
    public void IssueBeside_BucketOutlivesTheRow_SamePartition_ElseNone()
    {
        var codec = new TokenCodec(new TokenKeyRing(KeyA, null));
        var sibling = codec.Issue(Expiry + TimeSpan.FromHours(1)).Address;

        var beside = codec.IssueBeside(sibling, Expiry + TimeSpan.FromMinutes(59))!;

        Assert.Equal(sibling.Partition, beside.Address.Partition);
        Assert.Equal(beside.Address, codec.Candidates(beside.Token)[0]);
        // A row whose ceiling is in a later bucket than its sibling's would be swept while live: refused.
        Assert.Null(codec.IssueBeside(sibling, Expiry + TimeSpan.FromHours(1) + ExpiryBucket.Width));
    }

    [Fact]
    public void NewLink_ReadBack_TheRowAddressAndASecretThatIsNotStoredThere()
    {
        var row = new TokenCodec(new TokenKeyRing(KeyA, null)).Issue(Expiry).Address;

        var (link, secret) = TokenCodec.NewLink(row);

        Assert.Equal(TokenCodec.LinkLength, link.Length);
        Assert.Matches("^[0-9]{9}[A-Za-z0-9_-]{87}$", link);
        Assert.True(TokenCodec.TryReadLink(link, out var read, out var readSecret));
        Assert.Equal((row, secret), (read, readSecret));
        Assert.Equal(32, Base64Url.DecodeFromChars(secret).Length);
        Assert.DoesNotContain(secret, row.Partition + row.Row, StringComparison.Ordinal);
        Assert.NotEqual(secret, TokenCodec.NewLink(row).Secret);
    }

    /// <summary>A link of the old shape (a 52-character token naming a link row), cut, padded or tampered: refused before any read.</summary>
    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("123456789AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA")]
    [InlineData("12345678AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA")]
    [InlineData("123456789AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=")]
    [InlineData("123456789AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA")]
    public void TryReadLink_NotShapedLikeALink_False(string? link)
        => Assert.False(TokenCodec.TryReadLink(link, out _, out _));
}
