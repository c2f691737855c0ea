using System.Security.Cryptography;
using RecoveryFunctions.Core.Accounts;
using RecoveryFunctions.Core.Answers;
using RecoveryFunctions.Core.Assistance.Requests;
using RecoveryFunctions.Core.Identity;
using RecoveryFunctions.Core.Options;
using RecoveryFunctions.Core.Tokens;
using RecoveryFunctions.Tests.Core;
using RecoveryFunctions.TestSupport;

namespace RecoveryFunctions.Tests.Assistance;

/// <summary>
/// contract §2.7: the account's password or answer is found anywhere in a real message and masked, and the check always costs
/// the same: a fixed number of fingerprint computations (counted where they are made) and exactly two Argon2id evaluations
/// (counted by the hasher), whatever the message holds and whichever account, if any, the request matched.
/// </summary>
public sealed class SecretInMessageCheckTests
{
    private const string Password = "Autre-Saison-2027y";
    private const string Answer = "Rue des Lilas";

    // The message of the outside attack report: both secrets past the first words, the answer as a phrase.
    private const string Reported = "Bonjour, je n'arrive plus à me connecter depuis hier soir, mon mot de passe est Autre-Saison-2027y et ma réponse est rue des lilas";

    private static readonly TokenKeyRing Ring = new(RandomNumberGenerator.GetBytes(32), null);
    private readonly CountingPasswordHasher _hasher = new(TestOptions.FastHasher());
    private readonly SecretInMessageCheck _check;

    public SecretInMessageCheckTests() => _check = new SecretInMessageCheck(_hasher, TestOptions.Policy(PasswordPolicyProfile.Seed));

    public static TheoryData<string, string> Hidden() => new()
    {
        { Reported, "Bonjour, je n'arrive plus à me connecter depuis hier soir, mon mot de passe est [masqué] et ma réponse est [masqué]" },
        { "Mot de passe : «Autre-Saison-2027y». Réponse : (Rue des LILAS).", "Mot de passe : «[masqué]». Réponse : ([masqué])." },
        { "Réponse:\n\"rue  des   lilas\"\ncordialement", "Réponse:\n\"[masqué]\"\ncordialement" },
        { "J'ai essayé Autre-Saison-2027y puis encore Autre-Saison-2027y, rien.", "J'ai essayé [masqué] puis encore [masqué], rien." },
        { "Ma réponse était Rue des Lilas!", "Ma réponse était [masqué]!" },
    };

    [Theory]
    [MemberData(nameof(Hidden))]
    public void Scan_SecretAnywhereInAMessage_MaskedAndFlagged(string message, string stored)
    {
        var scan = _check.Scan(message, Holder(), Ring);

        Assert.True(scan.Redacted);
        Assert.Equal(stored, scan.Message);
        Assert.DoesNotContain("Autre-Saison", scan.Message, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("lilas", scan.Message, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public void Scan_ReportedMessage_BothSecretsFoundAndNamedForTheHolder()
    {
        var scan = _check.Scan(Reported, Holder(), Ring);

        Assert.True(scan.PasswordFound);
        Assert.True(scan.AnswerFound);
        Assert.Equal("Votre mot de passe et la réponse à votre question de confiance", scan.ExposedSecretLabel("fr"));
        Assert.Equal("Your password and the answer to your security question", scan.ExposedSecretLabel("en"));
    }

    [Fact]
    public void Scan_PasswordEndingInPunctuationBeforeAFullStop_Masked()
    {
        var holder = Holder(password: "Grand-Chene-1987!");

        var scan = _check.Scan("Mon mot de passe Grand-Chene-1987!. ne marche plus", holder, Ring);

        Assert.True(scan.PasswordFound);
        Assert.Equal("Mon mot de passe [masqué]. ne marche plus", scan.Message);
    }

    [Fact]
    public void Scan_AnswerAtTheEndOfAFullLengthMessage_Found()
    {
        var filler = string.Concat(Enumerable.Repeat("a b ", 1000))[..(2000 - " rue des lilas".Length)];
        var message = filler + " rue des lilas";
        Assert.Equal(2000, message.Length);

        var scan = _check.Scan(message, Holder(), Ring);

        Assert.True(scan.AnswerFound);
        Assert.EndsWith(" [masqué]", scan.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Scan_OrdinaryWordsOrAnotherAccountsSecrets_NothingMasked()
    {
        var other = Holder(password: "Cerisier-Bleu-4821", answer: "dupont");

        var scan = _check.Scan(Reported, other, Ring);

        Assert.False(scan.Redacted);
        Assert.Equal(Reported, scan.Message);
    }

    [Fact]
    public void Scan_FingerprintStoredUnderThePreviousKey_StillFound()
    {
        var oldKey = RandomNumberGenerator.GetBytes(32);
        var holder = Holder(ring: new TokenKeyRing(oldKey, null));

        var scan = _check.Scan(Reported, holder, new TokenKeyRing(RandomNumberGenerator.GetBytes(32), oldKey));

        Assert.True(scan.PasswordFound);
        Assert.True(scan.AnswerFound);
    }

    [Fact]
    public void Scan_AccountWithoutFingerprints_NothingFoundSameCost()
    {
        var holder = Holder() with { PasswordFingerprint = null, AnswerFingerprint = null };

        var scan = _check.Scan(Reported, holder, Ring);

        Assert.False(scan.Redacted);
        Assert.Equal(Reported, scan.Message);
    }

    public static TheoryData<string, string> CostCases()
    {
        var words = string.Join(' ', Enumerable.Repeat("a", 1000));
        var punctuated = string.Join(' ', Enumerable.Repeat("a.", 666));
        var long12 = string.Join(' ', Enumerable.Repeat("Abcdefghijk1", 153));
        var data = new TheoryData<string, string>();
        foreach (var account in (string[])["holder", "other", "none", "unfingerprinted"])
        {
            foreach (var message in new[] { Reported, "Bonjour", Reported.Replace("Autre-Saison-2027y", "Autre-Saison-2028z", StringComparison.Ordinal), words, punctuated, long12 })
            {
                data.Add(account, message);
            }
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(CostCases))]
    public void Scan_AnyMessageAnyAccount_FixedFingerprintsAndTwoArgon2id(string account, string message)
    {
        var expected = _check.PasswordCapacity + SecretInMessageCheck.AnswerCapacity;
        var scanned = Account(account);

        foreach (var ring in new[] { Ring, new TokenKeyRing(RandomNumberGenerator.GetBytes(32), RandomNumberGenerator.GetBytes(32)) })
        {
            _hasher.Reset();
            var scan = _check.Scan(message, scanned, ring);

            Assert.Equal(expected * (ring.HasPreviousKey ? 2 : 1), scan.Fingerprints);
            Assert.Equal(2, _hasher.Evaluations);
        }
    }

    [Fact]
    public void Capacity_SeedPolicyFullLengthMessage_CoversEveryCandidate()
    {
        // 153 tokens of the minimum length fill 2,000 characters; 1,000 one-letter words start 20 runs each.
        Assert.Equal(9 * 153, _check.PasswordCapacity);
        Assert.Equal(2 * 20 * 1000, SecretInMessageCheck.AnswerCapacity);
        Assert.Equal(20, SecretInMessageCheck.MaxAnswerWords);
    }

    private Account? Account(string kind) => kind switch
    {
        "holder" => Holder(),
        "other" => Holder(password: "Cerisier-Bleu-4821", answer: "dupont"),
        "unfingerprinted" => Holder() with { PasswordFingerprint = null, AnswerFingerprint = null },
        _ => null,
    };

    private Account Holder(string password = Password, string answer = Answer, TokenKeyRing? ring = null)
    {
        var number = SubscriberNumber.Generate();
        var normalized = SecurityAnswerNormalizer.Normalize(answer);
        return new Account
        {
            SubscriberNumber = number,
            Email = "titulaire@example.fr",
            Status = AccountStatus.Active,
            PasswordHash = _hasher.Hash(password),
            SecurityQuestionId = 1,
            SecurityAnswerHash = _hasher.Hash(normalized),
            PasswordFingerprint = SecretFingerprints.OfPassword(ring ?? Ring, number, password),
            AnswerFingerprint = SecretFingerprints.OfAnswer(ring ?? Ring, number, normalized),
            Language = "fr",
            RegisteredAt = DateTimeOffset.UnixEpoch,
            SecurityStamp = 1,
        };
    }
}
