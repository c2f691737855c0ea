using Microsoft.Extensions.Options;
using RecoveryFunctions.Core.Options;
using RecoveryFunctions.Core.Tokens;

namespace RecoveryFunctions.Core.Recovery;

/// <summary>
/// "A newer request revokes the older link and code" without writing the account (which would make
/// known and unknown addresses cost different operations): every request writes a marker named after the
/// address in the expiry bucket of its link; a flow is superseded when a marker of a later request exists
/// in its bucket or any later one.
/// </summary>
public sealed class RecoveryMarkers(IRecoveryMarkerStore markers, IOptions<RecoveryOptions> options, TimeProvider time)
{
    public Task MarkAsync(TokenCodec codec, string canonicalEmail, DateTimeOffset linkExpiresAt, TokenAddress flow, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(codec);
        ArgumentNullException.ThrowIfNull(flow);
        return markers.PutAsync(codec.Marker(Name(canonicalEmail), ExpiryBucket.Of(linkExpiresAt)), linkExpiresAt, flow.Row, cancellationToken);
    }

    public async Task<bool> IsSupersededAsync(TokenCodec codec, string canonicalEmail, RecoveryFlow mailboxFlow, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(codec);
        ArgumentNullException.ThrowIfNull(mailboxFlow);
        var first = ExpiryBucket.Of(mailboxFlow.ExpiresAt);
        var last = ExpiryBucket.Of(time.GetUtcNow() + options.Value.RecoveryLinkLifetime);
        for (var bucket = first; bucket <= last; bucket++)
        {
            var latest = await markers.GetAsync(codec.Marker(Name(canonicalEmail), bucket), cancellationToken);
            if (latest is not null && latest != mailboxFlow.Address.Row)
            {
                return true;
            }
        }

        return false;
    }

    private static string Name(string canonicalEmail) => "recovery:" + canonicalEmail;
}
