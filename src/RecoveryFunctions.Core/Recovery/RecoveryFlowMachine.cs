using RecoveryFunctions.Core.Errors;

namespace RecoveryFunctions.Core.Recovery;

/// <summary>
/// The legal moves of a recovery flow, in one place. Every illegal move gets the same typed refusal,
/// <c>flow-step-invalid</c>, whatever the stage it came from.
/// </summary>
public static class RecoveryFlowMachine
{
    public static RecoveryFlowStage MailboxProven(RecoveryFlowStage from, bool helpdesk) => from switch
    {
        RecoveryFlowStage.Mailbox => helpdesk ? RecoveryFlowStage.Password : RecoveryFlowStage.Answer,
        _ => throw Illegal(),
    };

    public static RecoveryFlowStage AnswerAccepted(RecoveryFlowStage from) => from switch
    {
        RecoveryFlowStage.Answer => RecoveryFlowStage.Password,
        _ => throw Illegal(),
    };

    public static void Require(RecoveryFlowStage actual, RecoveryFlowStage expected)
    {
        if (actual != expected)
        {
            throw Illegal();
        }
    }

    /// <summary>Only a flow past the mailbox proof can be extended: the emailed link and code keep the limit the email states.</summary>
    public static void RequirePastMailbox(RecoveryFlowStage actual)
    {
        if (actual is not (RecoveryFlowStage.Answer or RecoveryFlowStage.Password))
        {
            throw Illegal();
        }
    }

    private static DomainException Illegal() => new(ProblemCode.FlowStepInvalid);
}
