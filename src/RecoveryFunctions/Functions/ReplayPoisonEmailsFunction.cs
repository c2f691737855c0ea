using Microsoft.Azure.Functions.Worker;
using RecoveryFunctions.Core.Email;

namespace RecoveryFunctions.Functions;

/// <summary>
/// Operator action: moves parked emails back from both poison queues (<see cref="PoisonEmailReplay"/>). A timer
/// disabled by <c>AzureWebJobs.ReplayPoisonEmails.Disabled=true</c>, so it runs only when invoked with
/// <c>POST /admin/functions/ReplayPoisonEmails</c> (the master key in Azure; disabled functions still run that way).
/// </summary>
public sealed class ReplayPoisonEmailsFunction(PoisonEmailReplay replay)
{
    [Function("ReplayPoisonEmails")]
    public async Task RunAsync([TimerTrigger("%Email:PoisonReplaySchedule%")] TimerInfo timer, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(timer);
        await replay.ReplayAsync(cancellationToken);
    }
}
