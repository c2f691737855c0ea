using System.Security.Cryptography;
using System.Text;
using Azure;
using Azure.Data.Tables;
using RecoveryFunctions.Core.Throttling;
using RecoveryFunctions.Core.Tokens;

namespace RecoveryFunctions.Infrastructure.Storage;

/// <summary>
/// Fixed-window counters. Partition = expiry bucket of the window's end (cleanup drops them by range),
/// row = scope + SHA-256 of the key (addresses and IPs never appear in clear). Increments are ETag-guarded
/// so parallel hits cannot both read the same count.
/// </summary>
public sealed class TableThrottleStore(StorageClients clients, TableNames names, TimeProvider time) : IThrottleStore
{
    private const int MaxRaces = 20;
    private readonly TableClient _table = clients.Tables.GetTableClient(names.Throttles);

    public async Task<ThrottleDecision> HitAsync(string scope, string key, int limit, TimeSpan window, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(scope);
        ArgumentNullException.ThrowIfNull(key);
        var now = time.GetUtcNow();
        var windowTicks = window.Ticks;
        var windowStart = new DateTimeOffset(now.UtcTicks - (now.UtcTicks % windowTicks), TimeSpan.Zero);
        var windowEnd = windowStart + window;
        var partition = ExpiryBucket.Format(ExpiryBucket.Of(windowEnd));
        var row = $"{scope}_{windowStart.UtcTicks}_{Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(key)))}";

        for (var attempt = 0; attempt < MaxRaces; attempt++)
        {
            var existing = await _table.GetEntityIfExistsAsync<TableEntity>(partition, row, cancellationToken: cancellationToken);
            try
            {
                if (!existing.HasValue || existing.Value is null)
                {
                    await _table.AddEntityAsync(new TableEntity(partition, row) { ["Count"] = 1, ["ExpiresAt"] = windowEnd }, cancellationToken);
                    return ThrottleDecision.Allow;
                }

                var count = existing.Value.GetInt32("Count") ?? 0;
                if (count >= limit)
                {
                    return new ThrottleDecision(false, windowEnd - now);
                }

                existing.Value["Count"] = count + 1;
                await _table.UpdateEntityAsync(existing.Value, existing.Value.ETag, TableUpdateMode.Replace, cancellationToken);
                return ThrottleDecision.Allow;
            }
            catch (RequestFailedException e) when (StorageErrors.IsLostRace(e))
            {
                // Another hit landed between our read and write: read again.
            }
        }

        // Heavy contention on one key is itself a sign of abuse: refuse rather than loop.
        return new ThrottleDecision(false, windowEnd - now);
    }
}
