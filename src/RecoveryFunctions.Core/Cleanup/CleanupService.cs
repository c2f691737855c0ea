using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using RecoveryFunctions.Core.Accounts;
using RecoveryFunctions.Core.Options;

namespace RecoveryFunctions.Core.Cleanup;

/// <summary>
/// One cleanup run (contract §2.6): expired tokens and throttle windows by key range, then pending accounts
/// past their lifetime through their expiry markers, then closed assistance requests past their retention (and the day's fold markers) by key range. Every step tolerates a concurrent run doing the same
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
        var requests = await sweeper.SweepAsync(ExpiringTable.AssistanceRequests, now, max, cancellationToken);

        var report = new CleanupReport(tokens, throttles, accountsDeleted, markersDeleted, time.GetElapsedTime(started)) { AssistanceRequests = requests };
        LogRun(logger, report.Tokens, report.Throttles, report.PendingAccounts, report.PendingMarkers, report.AssistanceRequests, report.Elapsed.TotalMilliseconds);
        return report;
    }

    private async Task<(int Accounts, int Markers)> SweepPendingAccountsAsync(DateTimeOffset now, int max, CancellationToken cancellationToken)
    {
        var markers = await pendingAccounts.FindExpiredAsync(now, max, cancellationToken);
        var deleted = 0;
        var settled = new ConcurrentBag<PendingAccountMarker>();
        await Parallel.ForEachAsync(markers, new ParallelOptions { MaxDegreeOfParallelism = options.Value.Parallelism, CancellationToken = cancellationToken }, async (marker, ct) =>
        {
            var (accountDeleted, markerDone) = await ExpireAccountAsync(marker, now, ct);
            if (accountDeleted)
            {
                Interlocked.Increment(ref deleted);
            }

            if (markerDone)
            {
                settled.Add(marker);
            }
        });

        // Markers go last, and only those whose account is settled: anything left is retried by the next run.
        await pendingAccounts.RemoveAsync(settled, cancellationToken);
        return (deleted, settled.Count);
    }

    /// <summary>
    /// Deletes the account if it is still pending and past its lifetime. Deleted: this run removed it;
    /// MarkerDone: nothing is left to do for this marker.
    /// </summary>
    private async Task<(bool Deleted, bool MarkerDone)> ExpireAccountAsync(PendingAccountMarker marker, DateTimeOffset now, CancellationToken cancellationToken)
    {
        for (var attempt = 0; attempt < AccountRaces; attempt++)
        {
            var current = await accounts.GetAsync(marker.SubscriberNumber, cancellationToken);
            if (current is null)
            {
                // Deleted by an overlapping run, or never created: the email claim may still be dangling.
                await accounts.ReleaseEmailAsync(marker.Email, marker.SubscriberNumber, cancellationToken);
                return (false, true);
            }

            var account = current.Account;
            if (account.Status != AccountStatus.Pending)
            {
                return (false, true);
            }

            var expiresAt = account.RegisteredAt + recoveryOptions.Value.PendingAccountLifetime;
            if (expiresAt > now)
            {
                // The lifetime was raised since registration: file the account under its new expiry.
                await pendingAccounts.AddAsync(marker with { ExpiresAt = expiresAt }, cancellationToken);
                return (false, true);
            }

            // ETag-guarded: an activation that lands first wins and the account stays.
            if (await accounts.TryDeleteAsync(account.SubscriberNumber, current.Version, cancellationToken))
            {
                await accounts.ReleaseEmailAsync(account.Email, account.SubscriberNumber, cancellationToken);
                return (true, true);
            }
        }

        // Lost every race: keep the marker so the next run looks again.
        return (false, false);
    }

    [LoggerMessage(LogLevel.Information, "Cleanup deleted {Tokens} tokens, {Throttles} throttle windows, {PendingAccounts} pending accounts ({PendingMarkers} expiry markers), {AssistanceRequests} closed assistance requests and fold markers in {ElapsedMs:F0} ms")]
    private static partial void LogRun(ILogger logger, int tokens, int throttles, int pendingAccounts, int pendingMarkers, int assistanceRequests, double elapsedMs);
}
