using RecoveryFunctions.Core.Assistance;
using RecoveryFunctions.Core.Assistance.Requests;
using RecoveryFunctions.Core.Audit;
using RecoveryFunctions.Core.Errors;

namespace RecoveryFunctions.Tests.Core;

/// <summary>
/// The one character rule for free text (<see cref="AuditText"/>): refused where a person typed it (agent reasons,
/// the contact form's message), escaped where it cannot be refused (display names, stored rows).
/// </summary>
public sealed class AuditTextTests
{
    /// <summary>Every class of the rule, with each Default_Ignorable range's first and last code point and supplementary ones.</summary>
    public static readonly TheoryData<string> Forbidden = new()
    {
        // C0 and C1 controls, line and paragraph separators.
        "\0", "\t", "\n", "\r", "\u001B", "\u007F", "\u0085", "\u009B", "\u2028", "\u2029",

        // Bidirectional marks, embeddings, overrides, isolates (all Default_Ignorable).
        "\u200E", "\u200F", "\u061C", "\u202A", "\u202B", "\u202C", "\u202D", "\u202E", "\u2066", "\u2067", "\u2068", "\u2069",

        // Default_Ignorable_Code_Point, range by range (DerivedCoreProperties.txt).
        "\u00AD", "\u034F", "\u115F", "\u1160", "\u17B4", "\u17B5", "\u180B", "\u180E", "\u180F", "\u200B", "\u200C", "\u200D",
        "\u2060", "\u2064", "\u2065", "\u206F", "\u3164", "\uFE00", "\uFE0F", "\uFEFF", "\uFFA0", "\uFFF0", "\uFFF8",
        "\U0001BCA0", "\U0001BCA3", "\U0001D173", "\U0001D17A", "\U000E0000", "\U000E0001", "\U000E0041", "\U000E007F",
        "\U000E0100", "\U000E01EF", "\U000E0FFF",
    };

    /// <summary>The neighbours of each range: printable, so allowed (the ranges are exact, not approximate).</summary>
    public static readonly TheoryData<string> Neighbours = new()
    {
        "\u00AC", "\u00AE", "\u034E", "\u0350", "\u061B", "\u061D", "\u115E", "\u1161", "\u17B3", "\u17B6", "\u180A", "\u1810",
        "\u200A", "\u2010", "\u2027", "\u202F", "\u205F", "\u2070", "\u3163", "\u3165", "\uFDFF", "\uFE10", "\uFEFE", "\uFF9F",
        "\uFFA1", "\uFFEF", "\U0001BC9F", "\U0001BCA4", "\U0001D172", "\U0001D17B", "\U000DFFFF", "\U000E1000",
    };

    /// <summary>The six characters that made a blank reason (issue 20, item 6).</summary>
    public static readonly TheoryData<string> Invisible = new() { "\u200B", "\u2060", "\uFEFF", "\u00AD", "\u3164", "\u200D" };

    [Theory]
    [MemberData(nameof(Forbidden))]
    public void Reason_WithForbiddenCharacter_ReasonCharactersForbidden(string c)
    {
        var refused = Assert.Throws<DomainException>(() => AssistanceReason.Require($"Appel du titulaire {c} vérifié"));

        Assert.Equal(ProblemCode.ReasonCharactersForbidden.Value, refused.Code);
    }

    [Theory]
    [MemberData(nameof(Invisible))]
    public void Reason_MadeOfOrPaddedWithInvisibleCharacters_Refused(string c)
    {
        var alone = Assert.Throws<DomainException>(() => AssistanceReason.Require(string.Concat(Enumerable.Repeat(c, 12))));
        var padded = Assert.Throws<DomainException>(() => AssistanceReason.Require("Appel" + string.Concat(Enumerable.Repeat(c, 8))));
        var inside = Assert.Throws<DomainException>(() => AssistanceReason.Require($"Ap{c}pel du titulaire"));

        Assert.All([alone, padded, inside], e => Assert.Equal(ProblemCode.ReasonCharactersForbidden.Value, e.Code));
    }

    [Theory]
    [MemberData(nameof(Neighbours))]
    public void Reason_RangeNeighbour_Kept(string c)
    {
        var reason = $"Appel du titulaire {c} vérifié";

        Assert.Equal(reason, AssistanceReason.Require(reason));
        Assert.True(AuditText.IsClean(reason));
    }

    [Fact]
    public void Reason_Length_CountedInVisibleCharacters()
    {
        // Ten code points, one visible character: combining accents do not pad the count.
        var padded = Assert.Throws<DomainException>(() => AssistanceReason.Require("a" + new string('\u0301', 9)));

        // 500 letters with decomposed accents (1,000 UTF-16 units) are 500 characters to a reader; 501 are too many.
        var decomposed = string.Concat(Enumerable.Repeat("e\u0301", 500));
        var tooLong = Assert.Throws<DomainException>(() => AssistanceReason.Require(decomposed + "e"));

        Assert.Equal(ProblemCode.ReasonRequired.Value, padded.Code);
        Assert.Equal(decomposed, AssistanceReason.Require(decomposed));
        Assert.Equal(ProblemCode.ReasonRequired.Value, tooLong.Code);
        Assert.Equal(9, AuditText.VisibleLength("𠀀𠀁𠀂 👩🏽 Zoë"));
    }

    [Theory]
    [MemberData(nameof(Forbidden))]
    public void Neutralise_ForbiddenCharacter_VisibleEscapeNoForbiddenLeft(string c)
    {
        var neutral = AuditText.Neutralise($"avant{c}après")!;

        var escape = c.Length == 2 ? $"\\U{char.ConvertToUtf32(c, 0):X8}" : $"\\u{(int)c[0]:X4}";
        Assert.True(AuditText.IsClean(neutral));
        Assert.Equal($"avant{escape}après", neutral);
    }

    [Fact]
    public void LoneSurrogate_RefusedAndEscaped()
    {
        // Not theory data: test discovery would serialise a lone surrogate into U+FFFD.
        foreach (var c in new[] { '\uD800', '\uDBFF', '\uDC00', '\uDFFF' })
        {
            var refused = Assert.Throws<DomainException>(() => AssistanceReason.Require($"Appel du titulaire {c} vérifié"));
            Assert.Equal(ProblemCode.ReasonCharactersForbidden.Value, refused.Code);
            Assert.False(AuditText.IsCleanMultiline($"Ligne\n{c}"));
            Assert.Equal($"avant\\u{(int)c:X4}après", AuditText.Neutralise($"avant{c}après"));
        }

        // A high surrogate at the very end, and a reversed pair, are lone too; a real pair is one character.
        Assert.Equal("fin\\uD83D", AuditText.Neutralise("fin\uD83D"));
        Assert.Equal("\\uDC69\\uD83D", AuditText.Neutralise("\uDC69\uD83D"));
        Assert.True(AuditText.IsClean("\uD83D\uDC69"));
    }

    [Theory]
    [InlineData("Appel du titulaire, identité vérifiée (pièce n° 12) — ticket #4521")]
    [InlineData("مكالمة من صاحب الحساب")]
    [InlineData("Zoë 👩🏽 vérifié, 𠀀 caractère supplémentaire")]
    public void Reason_OrdinaryTextInAnyScript_Kept(string reason)
    {
        Assert.Equal(reason, AssistanceReason.Require("  " + reason + "  "));
        Assert.Same(reason, AuditText.Neutralise(reason));
    }

    [Fact]
    public void Reason_EmojiJoinedByZeroWidthJoiner_Refused()
    {
        // The price of the rule: a ZWJ emoji sequence (👩‍💻) holds U+200D, which is also what a blank reason was made of.
        var refused = Assert.Throws<DomainException>(() => AssistanceReason.Require("Titulaire 👩\u200D💻 vérifié"));

        Assert.Equal(ProblemCode.ReasonCharactersForbidden.Value, refused.Code);
    }

    [Fact]
    public void Multiline_LineFeedAndTabKept_EverythingElseOfTheRuleRefused()
    {
        Assert.True(AuditText.IsCleanMultiline("Ligne 1\n\tLigne 2"));
        Assert.False(AuditText.IsClean("Ligne 1\n\tLigne 2"));
        Assert.All(new[] { "\r", "\u2028", "\u200B", "\u202E", "\U000E0041" }, c => Assert.False(AuditText.IsCleanMultiline($"Ligne 1\n{c}Ligne 2"), $"U+{(int)c[0]:X4}"));
    }

    [Theory]
    [MemberData(nameof(Invisible))]
    [InlineData("\U000E0041")]
    [InlineData("\U0001D173")]
    [InlineData("\u202E")]
    [InlineData("\r")]
    public void ContactMessage_WithForbiddenCharacter_TextInvalidCharacter(string c)
    {
        var refused = Assert.Throws<DomainException>(() => AssistanceRequestService.Validate(Input($"Bonjour,{c} j'ai oublié ma réponse.")));

        Assert.Equal([FieldCodes.TextInvalidCharacter], refused.Errors!["message"]);
    }

    [Fact]
    public void ContactMessage_LineBreaksAndTabs_KeptWithWindowsLineEndsMadeLineFeeds()
    {
        var valid = AssistanceRequestService.Validate(Input("Bonjour,\r\n\tj'ai oublié ma réponse.\nMerci"));

        Assert.Equal("Bonjour,\n\tj'ai oublié ma réponse.\nMerci", valid.Message);
    }

    [Theory]
    [MemberData(nameof(Invisible))]
    [InlineData("\u202E")]
    [InlineData("\U000E0041")]
    public void ContactFields_WithInvisibleCharacter_RefusedOrCanonicalPrintableAscii(string c)
    {
        // Addresses and phones are not free text: what reaches an agent is their canonical form, printable ASCII, or a refusal.
        foreach (var (email, phone) in new[] { ($"jean{c}@exemple.fr", $"06 12{c} 34 56 78"), ($"jean@exem{c}ple.fr", $"{c}0612345678") })
        {
            try
            {
                var valid = AssistanceRequestService.Validate(Input("Bonjour", email, phone));
                Assert.All(new[] { valid.Email!, valid.ContactEmail!, valid.ContactPhone! }, v => Assert.True(v.All(ch => ch is >= ' ' and <= '~'), v));
            }
            catch (DomainException refused)
            {
                Assert.Equal(ProblemCode.ValidationFailed.Value, refused.Code);
            }
        }
    }

    [Fact]
    public void AuditEvent_ConstructedOrCopied_EveryTextValueNeutralised()
    {
        var created = new AuditEvent("1234567890128", DateTimeOffset.UnixEpoch, "t", "id\r\n", "Nom\u202E", "Motif\u2028", "Détail\n");
        var copied = created with { Detail = "x\u2066y\u200B", AgentName = "a\rb\U000E0041" };

        Assert.Equal(["id\\u000D\\u000A", "Nom\\u202E", "Motif\\u2028", "Détail\\u000A"], [created.AgentId!, created.AgentName!, created.Reason!, created.Detail!]);
        Assert.Equal("x\\u2066y\\u200B", copied.Detail);
        Assert.Equal("a\\u000Db\\U000E0041", copied.AgentName);
    }

    private static AssistanceRequestInput Input(string message, string email = "jean@exemple.fr", string phone = "0612345678")
        => new(null, email, email, phone, "other", message, "fr");
}
