using Azure;
using Azure.Data.Tables;
using RecoveryFunctions.Core.Assistance.Requests;
using RecoveryFunctions.Core.Tokens;

namespace RecoveryFunctions.Infrastructure.Storage;

/// <summary>
/// Assistance requests. Open ones live in partition <c>open</c>, row = reference (which sorts by arrival), so the
/// agents' list is one partition query in order and assign/close are point reads. Closing files the row under the
/// expiry bucket of its retention end, then deletes the open row under its ETag: closed rows are a key range for the
/// cleanup (<c>open</c> sorts after every bucket number, so the sweep never reads an open request). Fold markers
/// (<c>fold_</c> + keyed hash → the reference of the request identical submissions fold into) live under the expiry
/// bucket of the end of their day, so the same sweep drops them.
/// </summary>
public sealed class TableAssistanceRequestStore(StorageClients clients, TableNames names) : IAssistanceRequestStore
{
    private const string OpenPartition = "open";
    private const string FoldPrefix = "fold_";
    private const int MaxRaces = 5;
    private readonly TableClient _table = clients.Table(names.AssistanceRequests);

    public async Task<AssistanceRequest> SubmitAsync(AssistanceRequest request, string foldKey, DateTimeOffset foldUntil, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentException.ThrowIfNullOrEmpty(foldKey);
        var foldPartition = ExpiryBucket.Format(ExpiryBucket.Of(foldUntil));
        var foldRow = FoldPrefix + foldKey;
        for (var attempt = 1; ; attempt++)
        {
            // Read the marker, then the request it names (the new reference when there is none): two point reads either way.
            var marker = await _table.GetEntityIfExistsAsync<TableEntity>(foldPartition, foldRow, select: ["Reference"], cancellationToken: cancellationToken);
            var target = marker.HasValue && marker.Value?.GetString("Reference") is { } named ? named : request.Reference;
            var existing = await _table.GetEntityIfExistsAsync<TableEntity>(OpenPartition, target, cancellationToken: cancellationToken);
            var stored = await FileAsync(request, existing.HasValue ? existing.Value : null, attempt < MaxRaces, cancellationToken);
            if (stored is null)
            {
                // Assigned, folded or closed meanwhile: read again (a closed one makes this a new request).
                continue;
            }

            await _table.UpsertEntityAsync(new TableEntity(foldPartition, foldRow) { ["Reference"] = stored.Reference }, TableUpdateMode.Replace, cancellationToken);
            return stored;
        }
    }

    /// <returns>The request written (folded into <paramref name="open"/>, or new), or null when the fold lost a race and may retry.</returns>
    private async Task<AssistanceRequest?> FileAsync(AssistanceRequest request, TableEntity? open, bool mayRetry, CancellationToken cancellationToken)
    {
        if (open is not null)
        {
            var folded = FromEntity(open).Fold(request);
            try
            {
                await _table.UpdateEntityAsync(ToEntity(OpenPartition, folded), open.ETag, TableUpdateMode.Replace, cancellationToken);
                return folded;
            }
            catch (RequestFailedException e) when (e.Status is 404 or 412 && mayRetry)
            {
                return null;
            }
            catch (RequestFailedException e) when (e.Status is 404 or 412)
            {
                // Contention on one request past the retries: filed on its own rather than lost.
            }
        }

        // A fresh random reference: the upsert overwrites nothing.
        await _table.UpsertEntityAsync(ToEntity(OpenPartition, request), TableUpdateMode.Replace, cancellationToken);
        return request;
    }

    public async Task<AssistanceRequestPage> ListOpenAsync(string? continuation, int max, CancellationToken cancellationToken = default)
    {
        var filter = continuation is null
            ? TableClient.CreateQueryFilter($"PartitionKey eq {OpenPartition}")
            : TableClient.CreateQueryFilter($"PartitionKey eq {OpenPartition} and RowKey gt {continuation}");
        var rows = new List<AssistanceRequest>(max + 1);
        await foreach (var entity in _table.QueryAsync<TableEntity>(filter, maxPerPage: max + 1, cancellationToken: cancellationToken))
        {
            rows.Add(FromEntity(entity));
            if (rows.Count > max)
            {
                break;
            }
        }

        return rows.Count > max ? new AssistanceRequestPage(rows[..max], rows[max - 1].Reference) : new AssistanceRequestPage(rows, null);
    }

    public async Task<(int Count, DateTimeOffset? OldestReceivedAt)> CountOpenAsync(CancellationToken cancellationToken = default)
    {
        // Only the arrival time travels: the gauge needs no personal data.
        var count = 0;
        DateTimeOffset? oldest = null;
        await foreach (var entity in _table.QueryAsync<TableEntity>(TableClient.CreateQueryFilter($"PartitionKey eq {OpenPartition}"), select: ["ReceivedAt"], cancellationToken: cancellationToken))
        {
            count++;
            if (entity.GetDateTimeOffset("ReceivedAt") is { } received && (oldest is null || received < oldest))
            {
                oldest = received;
            }
        }

        return (count, oldest);
    }

    public async Task<VersionedAssistanceRequest?> GetOpenAsync(string reference, CancellationToken cancellationToken = default)
    {
        var found = await _table.GetEntityIfExistsAsync<TableEntity>(OpenPartition, reference, cancellationToken: cancellationToken);
        return found.HasValue && found.Value is { } entity ? new VersionedAssistanceRequest(FromEntity(entity), entity.ETag.ToString()) : null;
    }

    public async Task<bool> TryUpdateOpenAsync(AssistanceRequest request, string version, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        try
        {
            await _table.UpdateEntityAsync(ToEntity(OpenPartition, request), new ETag(version), TableUpdateMode.Replace, cancellationToken);
            return true;
        }
        catch (RequestFailedException e) when (e.Status is 404 or 412)
        {
            return false;
        }
    }

    public async Task<bool> TryCloseAsync(AssistanceRequest request, string version, string outcome, DateTimeOffset closedAt, DateTimeOffset deleteAfter, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        var closed = ToEntity(ExpiryBucket.Format(ExpiryBucket.Of(deleteAfter)), request);
        closed["Outcome"] = outcome;
        closed["ClosedAt"] = closedAt;

        // Closed copy first: a crash in between leaves the request open (listed, closable again), never lost.
        await _table.UpsertEntityAsync(closed, TableUpdateMode.Replace, cancellationToken);
        try
        {
            await _table.DeleteEntityAsync(OpenPartition, request.Reference, new ETag(version), cancellationToken);
            return true;
        }
        catch (RequestFailedException e) when (e.Status is 404 or 412)
        {
            // Someone else wrote or closed it: keep only their outcome.
            await _table.DeleteEntityAsync(closed.PartitionKey, closed.RowKey, ETag.All, cancellationToken);
            return false;
        }
    }

    private static TableEntity ToEntity(string partition, AssistanceRequest r) => new(partition, r.Reference)
    {
        ["ReceivedAt"] = r.ReceivedAt,
        ["Topic"] = r.Topic,
        ["Message"] = r.Message,
        ["Language"] = r.Language,
        ["SubscriberNumber"] = r.SubscriberNumber,
        ["Email"] = r.Email,
        ["ContactEmail"] = r.ContactEmail,
        ["ContactPhone"] = r.ContactPhone,
        ["AccountNumber"] = r.AccountNumber,
        ["AssignedToId"] = r.AssignedToId,
        ["AssignedToName"] = r.AssignedToName,
        ["AssignedAt"] = r.AssignedAt,
        ["Redacted"] = r.Redacted,
        ["Count"] = r.Count,
        ["LastReceivedAt"] = r.LastReceivedAt,
        ["FoldedReferences"] = string.Join(',', r.FoldedReferences),
    };

    private static AssistanceRequest FromEntity(TableEntity e) => new(
        e.RowKey,
        e.GetDateTimeOffset("ReceivedAt") ?? DateTimeOffset.MinValue,
        e.GetString("Topic") ?? "other",
        e.GetString("Message") ?? "",
        e.GetString("Language") ?? "fr",
        e.GetString("SubscriberNumber"),
        e.GetString("Email"),
        e.GetString("ContactEmail"),
        e.GetString("ContactPhone"),
        e.GetString("AccountNumber"),
        e.GetString("AssignedToId"),
        e.GetString("AssignedToName"),
        e.GetDateTimeOffset("AssignedAt"))
    {
        Redacted = e.GetBoolean("Redacted") ?? false,
        Count = e.GetInt32("Count") ?? 1,
        LastReceivedAt = e.GetDateTimeOffset("LastReceivedAt"),
        FoldedReferences = e.GetString("FoldedReferences") is { Length: > 0 } folded ? folded.Split(',') : [],
    };
}
