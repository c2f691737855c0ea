using RecoveryFunctions.Core.Answers;

namespace RecoveryFunctions.Tests.Core;

public sealed class SecurityAnswerNormalizerTests
{
    [Theory]
    [InlineData("  Élodie   DUPONT ", "elodie dupont")]
    [InlineData("elodie dupont", "elodie dupont")]
    [InlineData("ＥＬＯＤＩＥ", "elodie")]
    [InlineData("\uFB01n du monde", "fin du monde")]
    [InlineData("Chât\u0065\u0301au\tdes\nÎles", "chateau des iles")]
    [InlineData("François-Noël", "francois-noel")]
    [InlineData("Zo\u200Be", "zoe")]
    [InlineData("Œuvre", "œuvre")]
    public void Normalize_Variants_GiveCanonicalForm(string input, string expected)
    {
        Assert.Equal(expected, SecurityAnswerNormalizer.Normalize(input));
    }

    [Fact]
    public void TryNormalize_ThreeCharacters_IsAccepted()
    {
        Assert.True(SecurityAnswerNormalizer.TryNormalize(" Léa ", out var normalized, out var code));
        Assert.Equal("lea", normalized);
        Assert.Null(code);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("  ab   ")]
    [InlineData("a\u0301b\u0301")]
    public void TryNormalize_UnderThreeCharacters_IsTooShort(string? input)
    {
        Assert.False(SecurityAnswerNormalizer.TryNormalize(input, out _, out var code));
        Assert.Equal(SecurityAnswerCodes.TooShort, code);
    }

    [Fact]
    public void TryNormalize_FortyCharacters_IsAccepted()
    {
        Assert.True(SecurityAnswerNormalizer.TryNormalize(new string('a', 40), out _, out _));
    }

    [Fact]
    public void TryNormalize_FortyOneCharacters_IsTooLong()
    {
        Assert.False(SecurityAnswerNormalizer.TryNormalize(new string('a', 41), out _, out var code));
        Assert.Equal(SecurityAnswerCodes.TooLong, code);
    }

    [Fact]
    public void TryNormalize_LengthCountedAfterNormalisation_AcceptsAccentedForty()
    {
        // 40 letters each followed by a combining accent: 80 UTF-16 units before, 40 after.
        var input = string.Concat(Enumerable.Repeat("e\u0301", 40));

        Assert.True(SecurityAnswerNormalizer.TryNormalize(input, out var normalized, out _));
        Assert.Equal(new string('e', 40), normalized);
    }

    [Fact]
    public void TryNormalize_LoneSurrogate_DoesNotThrow()
    {
        Assert.True(SecurityAnswerNormalizer.TryNormalize("abc\uD800def", out var normalized, out _));
        Assert.Equal("abcdef", normalized);
    }

    [Fact]
    public void Normalize_ThenHash_VerifiesVariant()
    {
        var hasher = TestOptions.FastHasher();
        var stored = hasher.Hash(SecurityAnswerNormalizer.Normalize("Élodie Dupont"));

        Assert.True(hasher.Verify(SecurityAnswerNormalizer.Normalize("  ELODIE   dupont"), stored));
    }
}
