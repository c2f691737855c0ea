using System.Reflection;
using RecoveryFunctions.Core.Errors;
using RecoveryFunctions.Core.Recovery;

namespace RecoveryFunctions.Tests.Refusals;

/// <summary>
/// Each Core step's <see cref="RefusesAttribute"/> against what its IL can raise (<see cref="RaisedCodes"/>): a code the
/// step can raise and does not declare fails, and so does a declared code no path of the step loads.
/// </summary>
public sealed class RefusalDeclarationTests
{
    private static readonly string RecoveryFlowRefuse = $"{nameof(RecoveryFlow)}.{nameof(RecoveryFlow.Refuse)}";

    /// <summary>
    /// <see cref="RecoveryFlow.Refuse"/> picks its code from the refusal and the action, which the walk does not see, so
    /// every step that moves a flow loads all of its codes. These are the ones a step cannot get from it by the action
    /// it asks for (the whole stage × condition × action table is <c>RecoveryFlowTransitionTests</c>): extension-limit-reached
    /// answers Extend only, the mailbox proof's expiry is link-expired and every later step's is flow-expired. Excused only
    /// while Refuse is the one place the walk finds the code in that step.
    /// </summary>
    private static readonly Dictionary<string, ProblemCode[]> NotRaisedThroughRefuse = new(StringComparer.Ordinal)
    {
        [$"{nameof(MailboxVerification)}.{nameof(MailboxVerification.VerifyLinkAsync)}"] = [ProblemCode.ExtensionLimitReached, ProblemCode.FlowExpired],
        [$"{nameof(MailboxVerification)}.{nameof(MailboxVerification.VerifyCodeAsync)}"] = [ProblemCode.ExtensionLimitReached, ProblemCode.FlowExpired],
        [$"{nameof(SecurityAnswerCheck)}.{nameof(SecurityAnswerCheck.AnswerAsync)}"] = [ProblemCode.ExtensionLimitReached],
        [$"{nameof(RecoveryFactorCheck)}.{nameof(RecoveryFactorCheck.ProveRecoveryCodeAsync)}"] = [ProblemCode.ExtensionLimitReached],
        [$"{nameof(PasswordReset)}.{nameof(PasswordReset.ResetAsync)}"] = [ProblemCode.ExtensionLimitReached],
        [$"{nameof(RecoveryFlows)}.{nameof(RecoveryFlows.ExtendAsync)}"] = [ProblemCode.LinkExpired],
    };

    public static TheoryData<string> Steps() => [.. DeclaredSteps().Keys];

    [Fact]
    public void Steps_EveryUseCase_HasDeclarations()
    {
        var types = DeclaredSteps().Values.Select(m => m.DeclaringType!.Name).ToHashSet(StringComparer.Ordinal);

        // The public use cases the functions call: a class losing all its declarations would silently leave the walk.
        Assert.Superset(
            new HashSet<string>(StringComparer.Ordinal)
            {
                "RecoveryIdentification", "MailboxVerification", "SecurityAnswerCheck", "PasswordReset", "RecoveryFlows", "SessionService",
                "SignInService", "RegistrationService", "ActivationService", "AccountSpaceService", "EmailChangeService",
                "UsernameRecoveryService", "AssistanceService", "AssistanceRequestService", "CaptchaService", "AssistanceReason",
            },
            types);
        Assert.All(NotRaisedThroughRefuse.Keys, step => Assert.Contains(step, DeclaredSteps().Keys));
    }

    [Theory]
    [MemberData(nameof(Steps))]
    public void Step_EveryCodeItCanRaise_Declared(string step)
    {
        var method = DeclaredSteps()[step];
        var walk = RaisedCodes.Of(method);
        var declared = RefusesAttribute.Of(method).ToHashSet();
        var excused = NotRaisedThroughRefuse.GetValueOrDefault(step, []);

        Assert.Empty(walk.Unsound);
        var undeclared = walk.WithSteps()
            .Where(r => !declared.Contains(r.Code))
            .Where(r => !(excused.Contains(r.Code) && r.Where.SetEquals([RecoveryFlowRefuse])))
            .Select(r => $"{r.Code} (from {string.Join(", ", r.Where)})")
            .ToList();
        Assert.True(undeclared.Count == 0, $"{step} can raise, undeclared: {string.Join("; ", undeclared)}");
    }

    [Theory]
    [MemberData(nameof(Steps))]
    public void Step_EveryDeclaredCode_RaisedOnSomePath(string step)
    {
        var method = DeclaredSteps()[step];
        var raised = RaisedCodes.Of(method).WithSteps().Select(r => r.Code).ToHashSet();
        var excused = NotRaisedThroughRefuse.GetValueOrDefault(step, []);

        var stale = RefusesAttribute.Of(method).Where(c => !raised.Contains(c)).ToList();
        Assert.True(stale.Count == 0, $"{step} declares codes no path of it loads: {string.Join(", ", stale)}");
        Assert.All(excused, code => Assert.Contains(code, raised));
        Assert.All(excused, code => Assert.DoesNotContain(code, RefusesAttribute.Of(method)));
    }

    /// <summary>Every Core method carrying <see cref="RefusesAttribute"/>, by <c>Type.Method</c>.</summary>
    internal static IReadOnlyDictionary<string, MethodInfo> DeclaredSteps()
        => typeof(ProblemCode).Assembly.GetTypes()
            .SelectMany(t => t.GetMethods(BindingFlags.Public | BindingFlags.Instance | BindingFlags.Static | BindingFlags.DeclaredOnly))
            .Where(m => m.GetCustomAttribute<RefusesAttribute>() is not null)
            .ToDictionary(m => $"{m.DeclaringType!.Name}.{m.Name}", StringComparer.Ordinal);
}
