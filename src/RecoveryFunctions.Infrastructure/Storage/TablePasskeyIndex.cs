using System.Security.Cryptography;
using System.Text;
using Azure;
using Azure.Data.Tables;
using RecoveryFunctions.Core.Passkeys;

namespace RecoveryFunctions.Infrastructure.Storage;

/// <summary>
/// Credential id → subscriber number: partition = SHA-256 of the credential id (ids run to 1,023 bytes, past a key's
/// limit), row <c>passkey</c>; created with insert-if-absent, so one key is registered once.
/// </summary>
public sealed class TablePasskeyIndex(StorageClients clients, TableNames names) : IPasskeyIndex
{
    private const string RowKey = "passkey";
    private const string SubscriberNumberProperty = "SubscriberNumber";
    private static readonly string[] Selected = [SubscriberNumberProperty];
    private readonly TableClient _table = clients.Table(names.PasskeyIndex);

    public async Task<bool> TryAddAsync(string credentialId, string subscriberNumber, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(subscriberNumber);
        return await _table.TryAddAsync(new TableEntity(PartitionOf(credentialId), RowKey) { [SubscriberNumberProperty] = subscriberNumber }, cancellationToken) is not null;
    }

    public async Task<string?> FindAsync(string credentialId, CancellationToken cancellationToken = default)
    {
        var entry = await _table.GetEntityIfExistsAsync<TableEntity>(PartitionOf(credentialId), RowKey, Selected, cancellationToken);
        return entry.HasValue ? entry.Value?.GetString(SubscriberNumberProperty) : null;
    }

    public async Task RemoveAsync(string credentialId, string subscriberNumber, CancellationToken cancellationToken = default)
    {
        var partition = PartitionOf(credentialId);
        var entry = await _table.GetEntityIfExistsAsync<TableEntity>(partition, RowKey, Selected, cancellationToken);
        if (entry.HasValue && entry.Value is { } entity && entity.GetString(SubscriberNumberProperty) == subscriberNumber)
        {
            try
            {
                await _table.DeleteEntityAsync(partition, RowKey, entity.ETag, cancellationToken);
            }
            catch (RequestFailedException e) when (StorageErrors.IsLostRace(e))
            {
                // Another removal got there first.
            }
        }
    }

    /// <summary>The partition of a credential id (also used by the in-memory adapter so both hold the same keys).</summary>
    public static string PartitionOf(string credentialId)
    {
        ArgumentException.ThrowIfNullOrEmpty(credentialId);
        return Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(credentialId)));
    }
}
