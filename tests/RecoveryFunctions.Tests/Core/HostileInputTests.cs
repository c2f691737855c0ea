using RecoveryFunctions.Core.Answers;
using RecoveryFunctions.Core.Identity;
using RecoveryFunctions.Core.Options;
using RecoveryFunctions.Core.Passwords;
using RecoveryFunctions.Core.Tokens;

namespace RecoveryFunctions.Tests.Core;

/// <summary>Bad input must come back as "invalid", never as an exception (contract §5: no 500 for malformed input).</summary>
public sealed class HostileInputTests
{
    public static TheoryData<string> Inputs => new()
    {
        "",
        " ",
        "\0",
        "\uD800",
        "\uDC00abc",
        "a\uD83D",
        "\u202E\u200B\uFEFF",
        "' or PartitionKey ne '",
        "$argon2id$",
        "@@@@",
        "+",
        "++33 6",
        "\u0000@\u0000.fr",
        "ﷺ",
        "\uFB03\uFB03\uFB03@\uFB03.fr",
        new string('9', 500),
        new string('@', 5000),
        string.Concat(Enumerable.Repeat("\u0301", 3000)),
    };

    [Theory]
    [MemberData(nameof(Inputs))]
    public void AllParsers_HostileInput_DoNotThrow(string input)
    {
        _ = EmailCanonicalizer.TryCanonicalize(input, out _);
        _ = EmailMasker.Mask(input);
        _ = PhoneCanonicalizer.TryCanonicalize(input, out _);
        _ = PhoneCanonicalizer.Mask(input);
        _ = SubscriberNumber.IsValid(input);
        _ = SubscriberNumber.TryParse(input, out _);
        _ = SecurityAnswerNormalizer.TryNormalize(input, out _, out _);
        _ = CodeGenerator.TryNormalize(input, out _);
        _ = new TokenCodec(new TokenKeyRing(new byte[32], null)).Candidates(input);
        _ = TestOptions.Policy(PasswordPolicyProfile.Seed).Validate(input, new PasswordContext(input, input));
        _ = TestOptions.Policy(PasswordPolicyProfile.Asvs).Validate(input, new PasswordContext(input, input));
    }

    [Theory]
    [MemberData(nameof(Inputs))]
    public void Hasher_HostileInput_DoesNotThrow(string input)
    {
        var hasher = TestOptions.FastHasher();

        Assert.False(hasher.Verify("password", input));
        Assert.True(hasher.NeedsRehash(input));
        Assert.True(hasher.Verify(input, hasher.Hash(input)));
    }
}
