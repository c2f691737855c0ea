using RecoveryFunctions.Core.Recovery;
using RecoveryFunctions.Core.Tokens;

namespace RecoveryFunctions.Infrastructure.Storage;

/// <summary>Recovery markers as rows of the Tokens table (kind <c>Marker</c>, the value in <c>Payload</c>), swept by cleanup like tokens.</summary>
public sealed class TableRecoveryMarkerStore(TableTokenStore rows) : IRecoveryMarkerStore
{
    public Task PutAsync(TokenAddress address, DateTimeOffset expiresAt, string value, CancellationToken cancellationToken = default)
        => rows.UpsertAsync(address, new TokenRecord { Kind = TokenKind.Marker, IssuedAt = expiresAt, ExpiresAt = expiresAt, Payload = value }, cancellationToken);

    public async Task<string?> GetAsync(TokenAddress address, CancellationToken cancellationToken = default)
        => await rows.GetAsync(address, cancellationToken) is { Record: { Kind: TokenKind.Marker } record } ? record.Payload : null;
}
