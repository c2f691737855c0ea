using RecoveryFunctions.Core.Recovery;

namespace RecoveryFunctions.Functions;

/// <summary>The names the API gives recovery stages and factors (<c>next</c>, <c>factors</c>): stable, clients switch on them.</summary>
public static class StepNames
{
    public static string Of(RecoveryFlowStage stage) => stage switch
    {
        RecoveryFlowStage.Mailbox => "mailbox",
        RecoveryFlowStage.Answer => "answer",
        RecoveryFlowStage.Factor => "factor",
        RecoveryFlowStage.Password => "password",
        _ => throw new ArgumentOutOfRangeException(nameof(stage), stage, "Not a recovery stage."),
    };

    public static string Of(RecoveryFactor factor) => factor switch
    {
        RecoveryFactor.RecoveryCode => "recovery-code",
        RecoveryFactor.Passkey => "passkey",
        RecoveryFactor.FranceConnect => "franceconnect",
        _ => throw new ArgumentOutOfRangeException(nameof(factor), factor, "Not a recovery factor."),
    };
}
