using RecoveryFunctions.Core.Options;
using RecoveryFunctions.Core.Passwords;

namespace RecoveryFunctions.Tests.Core;

public sealed class PasswordPolicyTests
{
    private static readonly PasswordContext Context = new("jean.dupont@example.fr", "1234567890128");

    private static IReadOnlyList<string> Seed(string candidate, PasswordContext? context = null) =>
        TestOptions.Policy(PasswordPolicyProfile.Seed).Validate(candidate, context ?? Context).Select(v => v.Code).ToList();

    private static IReadOnlyList<string> Asvs(string candidate, PasswordContext? context = null) =>
        TestOptions.Policy(PasswordPolicyProfile.Asvs).Validate(candidate, context ?? Context).Select(v => v.Code).ToList();

    [Fact]
    public void Validate_StrongSeedPassword_HasNoViolation()
    {
        Assert.Empty(Seed("Kx7!vRq2#mWz"));
    }

    [Fact]
    public void Validate_Seed11Characters_IsTooShortWithLimit12()
    {
        var violations = TestOptions.Policy(PasswordPolicyProfile.Seed).Validate("Kx7!vRq2#mW", Context);

        var violation = Assert.Single(violations);
        Assert.Equal(PasswordRuleCodes.TooShort, violation.Code);
        Assert.Equal(12, violation.Limit);
    }

    [Fact]
    public void Validate_Seed12Characters_IsAccepted()
    {
        Assert.DoesNotContain(PasswordRuleCodes.TooShort, Seed("Kx7!vRq2#mWz"));
    }

    [Fact]
    public void Validate_Seed128Characters_IsAccepted()
    {
        Assert.Empty(Seed(LongPassword(128)));
    }

    [Fact]
    public void Validate_Seed129Characters_IsTooLong()
    {
        Assert.Equal([PasswordRuleCodes.TooLong], Seed(LongPassword(129)));
    }

    [Fact]
    public void Validate_NoLetter_RequiresLetter()
    {
        Assert.Equal([PasswordRuleCodes.LetterRequired], Seed("73!90#42%86*"));
    }

    [Fact]
    public void Validate_NoDigit_RequiresDigit()
    {
        Assert.Equal([PasswordRuleCodes.DigitRequired], Seed("Kx!vRq#mWz&p"));
    }

    [Fact]
    public void Validate_SpaceInside_IsWhitespace()
    {
        Assert.Equal([PasswordRuleCodes.Whitespace], Seed("Kx7!vRq 2#mWz"));
    }

    [Fact]
    public void Validate_TabInside_IsWhitespace()
    {
        Assert.Equal([PasswordRuleCodes.Whitespace], Seed("Kx7!vRq\t2#mWz"));
    }

    [Theory]
    [InlineData("Kx7!vRé2#mWzp")]
    [InlineData("Kx7!vR€2#mWzp")]
    [InlineData("Ｋx7!vRq2#mWzp")]
    public void Validate_SeedNonAscii_IsNonAscii(string candidate)
    {
        Assert.Equal([PasswordRuleCodes.NonAscii], Seed(candidate));
    }

    [Fact]
    public void Validate_SeedControlCharacter_IsInvalidCharacter()
    {
        Assert.Equal([PasswordRuleCodes.InvalidCharacter], Seed("Kx7!vRq\u00012#mWz"));
    }

    [Fact]
    public void Validate_SeveralBrokenRules_ReturnsThemAll()
    {
        var codes = Seed("é é");

        Assert.Contains(PasswordRuleCodes.TooShort, codes);
        Assert.Contains(PasswordRuleCodes.DigitRequired, codes);
        Assert.Contains(PasswordRuleCodes.Whitespace, codes);
        Assert.Contains(PasswordRuleCodes.NonAscii, codes);
        Assert.Contains(PasswordRuleCodes.LetterRequired, codes);
    }

    [Theory]
    [InlineData("motdepasse123")]
    [InlineData("MotDePasse123")]
    [InlineData("AZERTYUIOP123")]
    [InlineData("password1234")]
    [InlineData("123456789012")]
    [InlineData("qwertyuiop12")]
    [InlineData("soleil123456")]
    [InlineData("Soleil2024!!")]
    [InlineData("Motdepasse2026!")]
    [InlineData("2024bienvenue!")]
    public void Validate_CommonPassword_IsCommon(string candidate)
    {
        Assert.Contains(PasswordRuleCodes.Common, Seed(candidate));
    }

    [Fact]
    public void Validate_CommonWordInsideLongerText_IsNotCommon()
    {
        Assert.DoesNotContain(PasswordRuleCodes.Common, Seed("soleil7Quartz!ferme"));
    }

    [Theory]
    [InlineData("xJean.Dupont9!")]
    [InlineData("dupont!2024Xyz")]
    [InlineData("Ab!12345678901289")]
    [InlineData("Impots2024!Xyz")]
    [InlineData("my-IMPOTS.GOUV.FR-9")]
    public void Validate_PersonalData_IsRefused(string candidate)
    {
        Assert.Contains(PasswordRuleCodes.ContainsPersonalData, Seed(candidate));
    }

    [Fact]
    public void Validate_ShortLocalPart_IsNotPersonalData()
    {
        var codes = Seed("abKx7!vRq2#mWz", new PasswordContext("ab@example.fr", null));

        Assert.DoesNotContain(PasswordRuleCodes.ContainsPersonalData, codes);
    }

    [Fact]
    public void Validate_ThreeCharacterLocalPart_IsPersonalData()
    {
        var codes = Seed("xKx7!BOBvRq2", new PasswordContext("bob@example.fr", null));

        Assert.Contains(PasswordRuleCodes.ContainsPersonalData, codes);
    }

    [Fact]
    public void Validate_AsvsAccentsAndSpaces_AreAccepted()
    {
        Assert.Empty(Asvs("crème brûlée à la vanille"));
    }

    [Fact]
    public void Validate_Asvs14Characters_IsTooShort()
    {
        Assert.Equal([PasswordRuleCodes.TooShort], Asvs("abcdefghijkmnp"));
    }

    [Fact]
    public void Validate_Asvs15Characters_NeedsNoComposition()
    {
        Assert.Empty(Asvs("abcdefghijkmnpq"));
    }

    [Fact]
    public void Validate_AsvsEmoji_CountsAsOneCharacter()
    {
        // 14 letters + one emoji (two UTF-16 units) = 15 characters.
        Assert.Empty(Asvs("abcdefghijkmnp\U0001F600"));
        Assert.Equal([PasswordRuleCodes.TooShort], Asvs("abcdefghijkm\U0001F600"));
    }

    [Fact]
    public void Validate_AsvsLengthAfterNfkc_CountsExpandedLigature()
    {
        // "ﬃ" is one character before NFKC and three after: 13 + 3 = 16 ≥ 15.
        Assert.Empty(Asvs("abcdefghjkmnp\uFB03"));
    }

    [Fact]
    public void Validate_Asvs129Characters_IsTooLong()
    {
        Assert.Equal([PasswordRuleCodes.TooLong], Asvs(new string('k', 64) + new string('w', 65)));
    }

    [Fact]
    public void Validate_AsvsControlCharacter_IsInvalidCharacter()
    {
        Assert.Equal([PasswordRuleCodes.InvalidCharacter], Asvs("correct horse\u0007 battery"));
    }

    [Fact]
    public void Validate_AsvsCommonAndPersonal_UsesSameBlocklists()
    {
        Assert.Contains(PasswordRuleCodes.Common, Asvs("motdepasse123456"));
        Assert.Contains(PasswordRuleCodes.ContainsPersonalData, Asvs("le mot dupont est joli"));
    }

    [Fact]
    public void CommonPasswordList_Default_HasHundredsOfEntries()
    {
        Assert.True(CommonPasswordList.Default.Count >= 300);
    }

    private static string LongPassword(int length)
    {
        const string pattern = "Kx7!vRq2#mWz";
        return string.Concat(Enumerable.Repeat(pattern, (length / pattern.Length) + 1))[..length];
    }
}
