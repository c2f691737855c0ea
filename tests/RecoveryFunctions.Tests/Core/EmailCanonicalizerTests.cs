using RecoveryFunctions.Core.Identity;

namespace RecoveryFunctions.Tests.Core;

public sealed class EmailCanonicalizerTests
{
    [Theory]
    [InlineData("jean@example.fr", "jean@example.fr")]
    [InlineData("Jean.Dupont@Example.FR", "jean.dupont@example.fr")]
    [InlineData("  jean@example.fr \t", "jean@example.fr")]
    [InlineData("ｊｅａｎ＠ｅｘａｍｐｌｅ．ｆｒ", "jean@example.fr")]
    [InlineData("\u212Aevin@example.fr", "kevin@example.fr")]
    [InlineData("jean@exämple.fr", "jean@xn--exmple-cua.fr")]
    [InlineData("jean@EXÄMPLE.FR", "jean@xn--exmple-cua.fr")]
    [InlineData("jean+impots@sub.example.co.uk", "jean+impots@sub.example.co.uk")]
    [InlineData("o'brien@example.ie", "o'brien@example.ie")]
    public void TryCanonicalize_Variants_GiveCanonicalForm(string input, string expected)
    {
        Assert.True(EmailCanonicalizer.TryCanonicalize(input, out var canonical));
        Assert.Equal(expected, canonical);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("   ")]
    [InlineData("a' or PartitionKey ne '")]
    [InlineData("a' or PartitionKey ne '@example.fr")]
    [InlineData("jean")]
    [InlineData("@example.fr")]
    [InlineData("jean@")]
    [InlineData("jean@@example.fr")]
    [InlineData("jean@dupont@example.fr")]
    [InlineData("jean@example")]
    [InlineData("jean@example.")]
    [InlineData("jean@.example.fr")]
    [InlineData("jean@example..fr")]
    [InlineData("jean@-example.fr")]
    [InlineData("jean@example-.fr")]
    [InlineData("jean@exa_mple.fr")]
    [InlineData("jean@127.0.0.1")]
    [InlineData("jean@[127.0.0.1]")]
    [InlineData("jean dupont@example.fr")]
    [InlineData("jean@exam ple.fr")]
    [InlineData("jean\u0000@example.fr")]
    [InlineData("jean\r\nBcc: x@example.fr")]
    [InlineData(".jean@example.fr")]
    [InlineData("jean.@example.fr")]
    [InlineData("jean..dupont@example.fr")]
    [InlineData("\"jean\"@example.fr")]
    [InlineData("jean(comment)@example.fr")]
    [InlineData("jéan@example.fr")]
    [InlineData("jean\uD800@example.fr")]
    [InlineData("<jean@example.fr>")]
    public void TryCanonicalize_Invalid_ReturnsFalse(string? input)
    {
        Assert.False(EmailCanonicalizer.TryCanonicalize(input, out var canonical));
        Assert.Equal(string.Empty, canonical);
    }

    [Fact]
    public void TryCanonicalize_LocalPart64_IsAccepted()
    {
        Assert.True(EmailCanonicalizer.TryCanonicalize(new string('a', 64) + "@example.fr", out _));
    }

    [Fact]
    public void TryCanonicalize_LocalPart65_IsRejected()
    {
        Assert.False(EmailCanonicalizer.TryCanonicalize(new string('a', 65) + "@example.fr", out _));
    }

    [Fact]
    public void TryCanonicalize_Label64_IsRejected()
    {
        Assert.False(EmailCanonicalizer.TryCanonicalize("a@" + new string('b', 64) + ".fr", out _));
    }

    [Fact]
    public void TryCanonicalize_Over254_IsRejected()
    {
        var domain = string.Join('.', Enumerable.Repeat(new string('d', 60), 4)) + ".fr"; // 246 characters
        Assert.True(EmailCanonicalizer.TryCanonicalize("abcdefg@" + domain, out var ok));
        Assert.Equal(254, ok.Length);
        Assert.False(EmailCanonicalizer.TryCanonicalize("abcdefgh@" + domain, out _));
    }

    [Fact]
    public void TryCanonicalize_HugeInput_ReturnsFalse()
    {
        Assert.False(EmailCanonicalizer.TryCanonicalize(new string('a', 100_000) + "@example.fr", out _));
    }
}
