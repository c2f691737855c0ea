using Microsoft.Azure.Functions.Worker;
using RecoveryFunctions.Core.Cleanup;

namespace RecoveryFunctions.Functions;

/// <summary>Timer (every 10 minutes by default): deletes expired tokens, throttle windows and pending accounts.</summary>
public sealed class CleanupFunction(CleanupService cleanup)
{
    [Function(nameof(CleanupFunction))]
    public async Task RunAsync([TimerTrigger("%Cleanup:Schedule%")] TimerInfo timer, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(timer);
        await cleanup.RunAsync(cancellationToken);
    }
}
