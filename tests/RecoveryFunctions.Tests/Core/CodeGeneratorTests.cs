using RecoveryFunctions.Core.Tokens;

namespace RecoveryFunctions.Tests.Core;

public sealed class CodeGeneratorTests
{
    [Fact]
    public void Alphabet_Always_HasNoConfusableCharacters()
    {
        foreach (var confusable in "01OIL")
        {
            Assert.DoesNotContain(confusable, CodeGenerator.Alphabet);
        }

        Assert.Equal(CodeGenerator.Alphabet.Length, CodeGenerator.Alphabet.Distinct().Count());
    }

    [Fact]
    public void NewCode_ManyTimes_UsesOnlyTheAlphabetWithEightCharacters()
    {
        var seen = new HashSet<char>();
        for (var i = 0; i < 2000; i++)
        {
            var code = CodeGenerator.NewCode();

            Assert.Equal(8, code.Length);
            Assert.All(code, c => Assert.Contains(c, CodeGenerator.Alphabet));
            seen.UnionWith(code);
        }

        // 16,000 draws reach every one of the 31 characters.
        Assert.Equal(CodeGenerator.Alphabet.Length, seen.Count);
    }

    [Theory]
    [InlineData("abcd-efgh", "ABCDEFGH")]
    [InlineData(" 2345 6789 ", "23456789")]
    [InlineData("XYZWVUTS", "XYZWVUTS")]
    [InlineData("8dpf6hsc", "8DPF6HSC")]
    [InlineData("8DPF\u00A06HSC", "8DPF6HSC")]
    [InlineData("8DPF\u20136HSC", "8DPF6HSC")]
    [InlineData("\t8DPF - 6HSC\n", "8DPF6HSC")]
    public void TryNormalize_TypedCode_IsUpperCaseWithoutSeparators(string input, string expected)
    {
        Assert.True(CodeGenerator.TryNormalize(input, out var code));
        Assert.Equal(expected, code);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("ABCDEFG")]
    [InlineData("ABCDEFGHJ")]
    [InlineData("ABCDEFG0")]
    [InlineData("ABCDEFGI")]
    [InlineData("ABCDEFG!")]
    public void TryNormalize_Invalid_ReturnsFalse(string? input)
    {
        Assert.False(CodeGenerator.TryNormalize(input, out _));
    }

    [Fact]
    public void Format_Code_InsertsDash()
    {
        Assert.Equal("ABCD-EFGH", CodeGenerator.Format("ABCDEFGH"));
    }
}
