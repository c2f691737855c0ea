using RecoveryFunctions.Core.Assistance;
using RecoveryFunctions.Core.Audit;
using RecoveryFunctions.Core.Errors;

namespace RecoveryFunctions.Tests.Core;

/// <summary>The one character rule of the audit trail: refused where a person typed it, escaped where it cannot be refused.</summary>
public sealed class AuditTextTests
{
    public static readonly TheoryData<char> Forbidden = new()
    {
        '\0', '\t', '\n', '\r', '\u001B', '\u007F', '\u0085', '\u009B', '\u2028', '\u2029',
        '\u200E', '\u200F', '\u061C', '\u202A', '\u202B', '\u202C', '\u202D', '\u202E', '\u2066', '\u2067', '\u2068', '\u2069',
    };

    [Theory]
    [MemberData(nameof(Forbidden))]
    public void Reason_WithForbiddenCharacter_ReasonCharactersForbidden(char c)
    {
        var refused = Assert.Throws<DomainException>(() => AssistanceReason.Require($"Appel du titulaire {c} vérifié"));

        Assert.Equal(ProblemCode.ReasonCharactersForbidden.Value, refused.Code);
    }

    [Theory]
    [MemberData(nameof(Forbidden))]
    public void Neutralise_ForbiddenCharacter_VisibleEscapeNoForbiddenLeft(char c)
    {
        var neutral = AuditText.Neutralise($"avant{c}après")!;

        Assert.True(AuditText.IsClean(neutral));
        Assert.Equal($"avant\\u{(int)c:X4}après", neutral);
    }

    [Theory]
    [InlineData("Appel du titulaire, identité vérifiée (pièce n° 12) — ticket #4521")]
    [InlineData("مكالمة من صاحب الحساب")]
    [InlineData("Zoë 👩‍💻 vérifié")]
    public void Reason_OrdinaryTextInAnyScript_Kept(string reason)
    {
        Assert.Equal(reason, AssistanceReason.Require("  " + reason + "  "));
        Assert.Same(reason, AuditText.Neutralise(reason));
    }

    [Fact]
    public void AuditEvent_ConstructedOrCopied_EveryTextValueNeutralised()
    {
        var created = new AuditEvent("1234567890128", DateTimeOffset.UnixEpoch, "t", "id\r\n", "Nom\u202E", "Motif\u2028", "Détail\n");
        var copied = created with { Detail = "x\u2066y", AgentName = "a\rb" };

        Assert.Equal(["id\\u000D\\u000A", "Nom\\u202E", "Motif\\u2028", "Détail\\u000A"], [created.AgentId!, created.AgentName!, created.Reason!, created.Detail!]);
        Assert.Equal("x\\u2066y", copied.Detail);
        Assert.Equal("a\\u000Db", copied.AgentName);
    }
}
