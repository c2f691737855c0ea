using System.Buffers.Text;
using System.Security.Cryptography;
using System.Text;
using RecoveryFunctions.Core.Accounts;
using RecoveryFunctions.Core.Errors;
using RecoveryFunctions.Core.Tokens;

namespace RecoveryFunctions.Core.FranceConnect;

/// <summary>A started authorization request: the <c>state</c> and <c>nonce</c> to send, each secret until the response comes back.</summary>
public sealed record FranceConnectRequest(string State, string Nonce);

/// <summary>
/// The <c>state</c> of a FranceConnect authorization request is a token of kind <see cref="TokenKind.FranceConnectState"/>:
/// its row holds the purpose, the account (binding) and the nonce's SHA-256, never the nonce. The response consumes the
/// row by deleting it under its ETag, so of any number of concurrent submissions of one authorization response exactly
/// one goes on; the others, and any later replay, get <c>franceconnect-failed</c>.
/// </summary>
public sealed class FranceConnectAuthorizations(RequestTokens tokens, TimeProvider time)
{
    /// <summary>Time to choose an identity provider and sign in there.</summary>
    public static readonly TimeSpan Lifetime = TimeSpan.FromMinutes(10);

    /// <param name="account">The account being bound; null for a recovery, whose account is found by the identity.</param>
    public async Task<FranceConnectRequest> BeginAsync(FranceConnectPurpose purpose, Account? account, CancellationToken cancellationToken = default)
    {
        var nonce = Base64Url.EncodeToString(RandomNumberGenerator.GetBytes(32));
        var now = time.GetUtcNow();
        var state = await tokens.IssueForAsync(
            TokenKind.FranceConnectState, account, now, now + Lifetime, Payload(purpose, nonce), cancellationToken: cancellationToken);
        return new FranceConnectRequest(state, nonce);
    }

    /// <summary>
    /// A state this service issues after a sign-in (never sent to FranceConnect's authorize endpoint): its row keeps
    /// <paramref name="data"/>, which is never secret in clear (keyed hashes, ids), until the state comes back.
    /// </summary>
    public Task<string> IssueAsync(FranceConnectPurpose purpose, string data, TimeSpan lifetime, CancellationToken cancellationToken = default)
    {
        var now = time.GetUtcNow();
        return tokens.IssueForAsync(TokenKind.FranceConnectState, null, now, now + lifetime, $"{purpose}:{data}", cancellationToken: cancellationToken);
    }

    /// <summary>What <see cref="IssueAsync"/> kept in a consumed row.</summary>
    public static string Data(TokenRecord request)
    {
        ArgumentNullException.ThrowIfNull(request);
        var payload = request.Payload ?? string.Empty;
        return payload[(payload.IndexOf(':', StringComparison.Ordinal) + 1)..];
    }

    /// <summary>Consumes the state of a response for <paramref name="purpose"/>: once, before it expires.</summary>
    /// <returns>The request's row (its account for a binding).</returns>
    [Refuses(nameof(ProblemCode.FranceConnectFailed))]
    public async Task<TokenRecord> ConsumeAsync(string? state, FranceConnectPurpose purpose, CancellationToken cancellationToken = default)
    {
        var (request, started) = await ConsumeAnyAsync(state, cancellationToken);
        return started == purpose ? request : throw new DomainException(ProblemCode.FranceConnectFailed);
    }

    /// <summary>
    /// Consumes the state of a response arriving at the one callback URI, whatever it was started for: once, before it
    /// expires. The purpose comes from the row, never from the request, so a response cannot choose it.
    /// </summary>
    [Refuses(nameof(ProblemCode.FranceConnectFailed))]
    public async Task<(TokenRecord Request, FranceConnectPurpose Purpose)> ConsumeAnyAsync(string? state, CancellationToken cancellationToken = default)
    {
        var stored = await tokens.FindAsync(state, TokenKind.FranceConnectState, cancellationToken);
        if (stored is null
            || stored.Record.ExpiresAt <= time.GetUtcNow()
            || !Enum.TryParse<FranceConnectPurpose>(stored.Record.Payload?.Split(':')[0], out var purpose)
            || !await tokens.TryDeleteAsync(stored, cancellationToken))
        {
            throw new DomainException(ProblemCode.FranceConnectFailed);
        }

        return (stored.Record, purpose);
    }

    /// <summary>The ID token's nonce is the one this request sent (compared by hash, in constant time).</summary>
    [Refuses(nameof(ProblemCode.FranceConnectFailed))]
    public static void RequireNonce(TokenRecord request, FranceConnectPurpose purpose, string nonce)
    {
        ArgumentNullException.ThrowIfNull(request);
        var expected = Encoding.UTF8.GetBytes(request.Payload ?? string.Empty);
        var actual = Encoding.UTF8.GetBytes(Payload(purpose, nonce ?? string.Empty));
        if (!CryptographicOperations.FixedTimeEquals(expected, actual))
        {
            throw new DomainException(ProblemCode.FranceConnectFailed);
        }
    }

    private static string Payload(FranceConnectPurpose purpose, string nonce)
        => $"{purpose}:{Base64Url.EncodeToString(SHA256.HashData(Encoding.UTF8.GetBytes(nonce)))}";
}
