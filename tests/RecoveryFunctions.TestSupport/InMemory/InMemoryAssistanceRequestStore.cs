using RecoveryFunctions.Core.Assistance.Requests;
using RecoveryFunctions.Core.Tokens;

namespace RecoveryFunctions.TestSupport.InMemory;

/// <summary>
/// <see cref="IAssistanceRequestStore"/> in memory, in the Table adapter's layout: open requests in partition <c>open</c>
/// by reference (paging in arrival order), closed ones and fold markers under the expiry bucket of when they may go, so
/// the sweeper takes them and never an open one; folds, assignments and closes are version-guarded and lose races alike.
/// </summary>
public sealed class InMemoryAssistanceRequestStore(InMemoryStorage storage) : IAssistanceRequestStore
{
    private const string OpenPartition = "open";
    private const string FoldPrefix = "fold_";
    private const int MaxRaces = 5;

    private InMemoryTable<AssistanceRow> Table => storage.AssistanceRequests;

    public Task<AssistanceRequest> SubmitAsync(AssistanceRequest request, string foldKey, DateTimeOffset foldUntil, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentException.ThrowIfNullOrEmpty(foldKey);
        var foldPartition = ExpiryBucket.Format(ExpiryBucket.Of(foldUntil));
        var foldRow = FoldPrefix + foldKey;
        for (var attempt = 1; ; attempt++)
        {
            // The marker, then the request it names (the new reference when there is none): two point reads either way.
            var target = Table.Get(foldPartition, foldRow)?.Value.FoldInto ?? request.Reference;
            var open = Table.Get(OpenPartition, target);
            var stored = File(request, open, attempt < MaxRaces);
            if (stored is null)
            {
                continue;
            }

            Table.Upsert(foldPartition, foldRow, new AssistanceRow(null, FoldInto: stored.Reference));
            return Task.FromResult(stored);
        }
    }

    public Task<AssistanceRequestPage> ListOpenAsync(string? continuation, int max, CancellationToken cancellationToken = default)
    {
        var rows = Table.Query((partition, row) => partition == OpenPartition && (continuation is null || string.CompareOrdinal(row, continuation) > 0), max + 1)
            .Select(r => r.Value.Request!)
            .ToList();
        return Task.FromResult(rows.Count > max ? new AssistanceRequestPage(rows[..max], rows[max - 1].Reference) : new AssistanceRequestPage(rows, null));
    }

    public Task<(int Count, DateTimeOffset? OldestReceivedAt)> CountOpenAsync(CancellationToken cancellationToken = default)
    {
        var open = Table.Query((partition, _) => partition == OpenPartition);
        return Task.FromResult<(int, DateTimeOffset?)>((open.Count, open.Count == 0 ? null : open.Min(r => r.Value.Request!.ReceivedAt)));
    }

    public Task<VersionedAssistanceRequest?> GetOpenAsync(string reference, CancellationToken cancellationToken = default)
        => Task.FromResult(Table.Get(OpenPartition, reference) is { } row ? new VersionedAssistanceRequest(row.Value.Request!, row.Version) : null);

    public Task<bool> TryUpdateOpenAsync(AssistanceRequest request, string version, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        return Task.FromResult(Table.TryReplace(OpenPartition, request.Reference, version, new AssistanceRow(request)) is not null);
    }

    public Task<bool> TryCloseAsync(AssistanceRequest request, string version, string outcome, DateTimeOffset closedAt, DateTimeOffset deleteAfter, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        var closedPartition = ExpiryBucket.Format(ExpiryBucket.Of(deleteAfter));

        // Closed copy first: a crash in between leaves the request open, never lost.
        Table.Upsert(closedPartition, request.Reference, new AssistanceRow(request, outcome, closedAt));
        if (Table.TryDelete(OpenPartition, request.Reference, version))
        {
            return Task.FromResult(true);
        }

        // Someone else wrote or closed it: keep only their outcome.
        Table.TryDelete(closedPartition, request.Reference, version: null);
        return Task.FromResult(false);
    }

    /// <returns>The request written (folded into <paramref name="open"/>, or new), or null when the fold lost a race and may retry.</returns>
    private AssistanceRequest? File(AssistanceRequest request, InMemoryRow<AssistanceRow>? open, bool mayRetry)
    {
        if (open is not null)
        {
            var folded = open.Value.Request!.Fold(request);
            if (Table.TryReplace(OpenPartition, open.Row, open.Version, new AssistanceRow(folded)) is not null)
            {
                return folded;
            }

            if (mayRetry)
            {
                return null;
            }

            // Contention on one request past the retries: filed on its own rather than lost.
        }

        Table.Upsert(OpenPartition, request.Reference, new AssistanceRow(request));
        return request;
    }
}
