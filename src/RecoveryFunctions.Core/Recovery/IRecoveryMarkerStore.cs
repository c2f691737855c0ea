using RecoveryFunctions.Core.Tokens;

namespace RecoveryFunctions.Core.Recovery;

/// <summary>Named markers by address (<see cref="TokenCodec.Marker"/>): see <see cref="RecoveryMarkers"/>.</summary>
public interface IRecoveryMarkerStore
{
    /// <summary>Insert or replace: the latest request's marker is the one that counts. Deleted by cleanup after <paramref name="expiresAt"/>.</summary>
    Task PutAsync(TokenAddress address, DateTimeOffset expiresAt, string value, CancellationToken cancellationToken = default);

    /// <summary>The marker's value, or null.</summary>
    Task<string?> GetAsync(TokenAddress address, CancellationToken cancellationToken = default);
}
