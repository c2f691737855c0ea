using System.Buffers.Text;
using RecoveryFunctions.Core.Tokens;

namespace RecoveryFunctions.Tests.Core;

public sealed class TokenGeneratorTests
{
    [Fact]
    public void NewToken_Always_Is43Base64UrlCharactersOf32Bytes()
    {
        var token = TokenGenerator.NewToken();

        Assert.Equal(43, token.Length);
        Assert.Matches("^[A-Za-z0-9_-]{43}$", token);
        Assert.Equal(32, Base64Url.DecodeFromChars(token).Length);
        Assert.True(TokenGenerator.IsWellFormed(token));
    }

    [Fact]
    public void NewToken_ManyTimes_IsUnique()
    {
        var tokens = Enumerable.Range(0, 10_000).Select(_ => TokenGenerator.NewToken()).ToHashSet();

        Assert.Equal(10_000, tokens.Count);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("short")]
    [InlineData("AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=")]
    [InlineData("AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA+")]
    [InlineData("AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA")]
    public void IsWellFormed_Garbage_ReturnsFalse(string? token)
    {
        Assert.False(TokenGenerator.IsWellFormed(token));
    }
}
