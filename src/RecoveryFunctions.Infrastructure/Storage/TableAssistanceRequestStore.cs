using Azure;
using Azure.Data.Tables;
using RecoveryFunctions.Core.Assistance.Requests;
using RecoveryFunctions.Core.Tokens;

namespace RecoveryFunctions.Infrastructure.Storage;

/// <summary>
/// Assistance requests. Open ones live in partition <c>open</c>, row = reference (which sorts by arrival), so the
/// agents' list is one partition query in order and assign/close are point reads. Closing files the row under the
/// expiry bucket of its retention end, then deletes the open row under its ETag: closed rows are a key range for the
/// cleanup (<c>open</c> sorts after every bucket number, so the sweep never reads an open request).
/// </summary>
public sealed class TableAssistanceRequestStore(StorageClients clients, TableNames names) : IAssistanceRequestStore
{
    private const string OpenPartition = "open";
    private readonly TableClient _table = clients.Tables.GetTableClient(names.AssistanceRequests);

    public async Task AddAsync(AssistanceRequest request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        await _table.AddEntityAsync(ToEntity(OpenPartition, request), cancellationToken);
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
        e.GetDateTimeOffset("AssignedAt"));
}
