using Microsoft.Azure.Functions.Worker;
using RecoveryFunctions.Core.Assistance.Requests;

namespace RecoveryFunctions.Functions;

/// <summary>
/// Timer (every 5 minutes): counts the open assistance requests and the age of the oldest, so the operator sees the
/// helpdesk's backlog on deadline day (contract §7) without reading personal data.
/// </summary>
public sealed class AssistanceRequestMonitorFunction(AssistanceRequestService requests)
{
    [Function(nameof(AssistanceRequestMonitorFunction))]
    public async Task RunAsync([TimerTrigger("0 */5 * * * *")] TimerInfo timer, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(timer);
        await requests.InspectAsync(cancellationToken);
    }
}
