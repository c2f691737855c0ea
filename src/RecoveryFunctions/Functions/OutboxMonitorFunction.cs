using Microsoft.Azure.Functions.Worker;
using RecoveryFunctions.Infrastructure.Health;

namespace RecoveryFunctions.Functions;

/// <summary>
/// Timer (every 5 minutes): reads the outbox and poison queues so their gauges (depth, poison count, age of the
/// oldest message) reach the alerts even when nobody probes <c>/api/health</c>.
/// </summary>
public sealed class OutboxMonitorFunction(SystemHealth health)
{
    [Function(nameof(OutboxMonitorFunction))]
    public async Task RunAsync([TimerTrigger("0 */5 * * * *")] TimerInfo timer, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(timer);
        await health.CheckAsync(fresh: true).WaitAsync(cancellationToken);
    }
}
