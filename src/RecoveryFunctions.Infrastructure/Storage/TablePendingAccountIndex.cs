using Azure.Data.Tables;
using Microsoft.Extensions.Options;
using RecoveryFunctions.Core.Cleanup;
using RecoveryFunctions.Core.Options;
using RecoveryFunctions.Core.Tokens;

namespace RecoveryFunctions.Infrastructure.Storage;

/// <summary>Pending-account expiry markers: partition = expiry bucket, row = subscriber number.</summary>
public sealed class TablePendingAccountIndex(StorageClients clients, TableNames names, IOptions<CleanupOptions> options) : IPendingAccountIndex
{
    private const string EmailProperty = "Email";
    private const string ExpiresAtProperty = "ExpiresAt";
    private static readonly string[] Selected = ["PartitionKey", "RowKey", EmailProperty, ExpiresAtProperty];
    private readonly TableClient _table = clients.Table(names.PendingAccounts);

    public async Task AddAsync(PendingAccountMarker marker, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(marker);
        var entity = new TableEntity(PartitionOf(marker), marker.SubscriberNumber)
        {
            [EmailProperty] = marker.Email,
            [ExpiresAtProperty] = marker.ExpiresAt,
        };
        await _table.UpsertEntityAsync(entity, TableUpdateMode.Replace, cancellationToken);
    }

    public async Task<IReadOnlyList<PendingAccountMarker>> FindExpiredAsync(DateTimeOffset now, int max, CancellationToken cancellationToken = default)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(max);
        var markers = new List<PendingAccountMarker>();
        await foreach (var entity in _table.QueryAsync<TableEntity>(ExpiredPartitionRange.Filter(now), Math.Min(max, 1000), Selected, cancellationToken))
        {
            markers.Add(new PendingAccountMarker(entity.RowKey, entity.GetString(EmailProperty) ?? "", entity.GetDateTimeOffset(ExpiresAtProperty) ?? BucketStart(entity.PartitionKey)));
            if (markers.Count >= max)
            {
                break;
            }
        }

        return markers;
    }

    public async Task RemoveAsync(IReadOnlyCollection<PendingAccountMarker> markers, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(markers);
        await TableBatchDeleter.DeleteAsync(_table, markers.Select(m => new TableRowKey(PartitionOf(m), m.SubscriberNumber)), options.Value.Parallelism, cancellationToken);
    }

    /// <summary>A marker missing its time still maps back to its own partition.</summary>
    private static DateTimeOffset BucketStart(string partition)
        => ExpiryBucket.TryParse(partition, out var bucket) ? DateTimeOffset.FromUnixTimeSeconds(bucket * (long)ExpiryBucket.Width.TotalSeconds) : DateTimeOffset.UnixEpoch;

    private static string PartitionOf(PendingAccountMarker marker) => ExpiryBucket.Format(ExpiryBucket.Of(marker.ExpiresAt));
}
