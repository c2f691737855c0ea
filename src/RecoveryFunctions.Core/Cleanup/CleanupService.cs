using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using RecoveryFunctions.Core.Accounts;
using RecoveryFunctions.Core.Options;

namespace RecoveryFunctions.Core.Cleanup;

/// <summary>
/// One cleanup run (SPEC §2.6): expired tokens and throttle windows by key range, then pending accounts
/// past their lifetime through their expiry markers. Every step tolerates a concurrent run doing the same
/// work, and each kind is bounded by <see cref="CleanupOptions.MaxRowsPerRun"/>; what is left waits for
/// the next run, which finds it the same way because deleted rows are simply gone.
/// </summary>
public sealed partial class CleanupService(
    IExpiredRowSweeper sweeper,
    IPendingAccountIndex pendingAccounts,
    IAccountStore accounts,
    IOptions<CleanupOptions> options,
    IOptions<RecoveryOptions> recoveryOptions,
    TimeProvider time,
    ILogger<CleanupService> logger)
{
    private const int AccountRaces = 3;

    public async Task<CleanupReport> RunAsync(CancellationToken cancellationToken = default)
    {
        var started = time.GetTimestamp();
        var now = time.GetUtcNow();
        var max = options.Value.MaxRowsPerRun;

        var tokens = await sweeper.SweepAsync(ExpiringTable.Tokens, now, max, cancellationToken);
        var throttles = await sweeper.SweepAsync(ExpiringTable.Throttles, now, max, cancellationToken);
        var (accountsDeleted, markersDeleted) = await SweepPendingAccountsAsync(now, max, cancellationToken);

        var report = new CleanupReport(tokens, throttles, accountsDeleted, markersDeleted, time.GetElapsedTime(started));
        LogRun(logger, report.Tokens, report.Throttles, report.PendingAccounts, report.PendingMarkers, report.Elapsed.TotalMilliseconds);
        return report;
    }

    private async Task<(int Accounts, int Markers)> SweepPendingAccountsAsync(DateTimeOffset now, int max, CancellationToken cancellationToken)
    {
        var markers = await pendingAccounts.FindExpiredAsync(now, max, cancellationToken);
        var deleted = 0;
        await Parallel.ForEachAsync(markers, new ParallelOptions { MaxDegreeOfParallelism = options.Value.Parallelism, CancellationToken = cancellationToken }, async (marker, ct) =>
        {
            if (await ExpireAccountAsync(marker, now, ct))
            {
                Interlocked.Increment(ref deleted);
            }
        });

        // Markers go last: a run that stops halfway leaves them, and the next run finishes the job.
        await pendingAccounts.RemoveAsync(markers, cancellationToken);
        return (deleted, markers.Count);
    }

    /// <summary>Deletes the account if it is still pending and past its lifetime; true when this run deleted it.</summary>
    private async Task<bool> ExpireAccountAsync(PendingAccountMarker marker, DateTimeOffset now, CancellationToken cancellationToken)
    {
        for (var attempt = 0; attempt < AccountRaces; attempt++)
        {
            var current = await accounts.GetAsync(marker.SubscriberNumber, cancellationToken);
            if (current is null)
            {
                // Deleted by an overlapping run, or never created: the email claim may still be dangling.
                await accounts.ReleaseEmailAsync(marker.Email, marker.SubscriberNumber, cancellationToken);
                return false;
            }

            var account = current.Account;
            if (account.Status != AccountStatus.Pending)
            {
                return false;
            }

            var expiresAt = account.RegisteredAt + recoveryOptions.Value.PendingAccountLifetime;
            if (expiresAt > now)
            {
                // The lifetime was raised since registration: file the account under its new expiry.
                await pendingAccounts.AddAsync(marker with { ExpiresAt = expiresAt }, cancellationToken);
                return false;
            }

            // ETag-guarded: an activation that lands first wins and the account stays.
            if (await accounts.TryDeleteAsync(account.SubscriberNumber, current.Version, cancellationToken))
            {
                await accounts.ReleaseEmailAsync(account.Email, account.SubscriberNumber, cancellationToken);
                return true;
            }
        }

        return false;
    }

    [LoggerMessage(LogLevel.Information, "Cleanup deleted {Tokens} tokens, {Throttles} throttle windows, {PendingAccounts} pending accounts ({PendingMarkers} expiry markers) in {ElapsedMs:F0} ms")]
    private static partial void LogRun(ILogger logger, int tokens, int throttles, int pendingAccounts, int pendingMarkers, double elapsedMs);
}
