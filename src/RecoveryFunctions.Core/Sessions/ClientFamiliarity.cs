using RecoveryFunctions.Core.Accounts;
using RecoveryFunctions.Core.Options;
using RecoveryFunctions.Core.Throttling;
using RecoveryFunctions.Core.Tokens;

namespace RecoveryFunctions.Core.Sessions;

/// <summary>
/// Whether a client is one the account has signed in from (contract §2.2: a stranger must not keep the holder out).
/// The account keeps the HMAC of (subscriber number, client network) under the token key, never the address, so
/// a table dump cannot be matched against a list of addresses. The current and the previous key are accepted.
/// </summary>
public static class ClientFamiliarity
{
    /// <summary>A client seen again within this time is not rewritten: one account write a day at most.</summary>
    private static readonly TimeSpan RefreshAfter = TimeSpan.FromDays(1);

    public static bool IsFamiliar(Account account, TokenKeyRing ring, string clientAddress, DateTimeOffset now, ThrottleOptions options)
    {
        ArgumentNullException.ThrowIfNull(account);
        ArgumentNullException.ThrowIfNull(options);
        var candidates = Candidates(account, ring, clientAddress);
        return account.FamiliarClients.Any(c => candidates.Contains(c.Key) && c.LastSignIn + options.SignInFamiliarClientLifetime > now);
    }

    /// <summary>The list after a successful sign-in (this client first, expired and oldest ones dropped), or null when unchanged.</summary>
    public static IReadOnlyList<FamiliarClient>? Remember(Account account, TokenKeyRing ring, string clientAddress, DateTimeOffset now, ThrottleOptions options)
    {
        ArgumentNullException.ThrowIfNull(account);
        ArgumentNullException.ThrowIfNull(options);
        var key = ring.Hash(Material(account, clientAddress));
        var candidates = Candidates(account, ring, clientAddress);
        if (account.FamiliarClients.FirstOrDefault(c => candidates.Contains(c.Key)) is { } seen && seen.Key == key && now - seen.LastSignIn < RefreshAfter)
        {
            return null;
        }

        var others = account.FamiliarClients
            .Where(c => !candidates.Contains(c.Key) && c.LastSignIn + options.SignInFamiliarClientLifetime > now)
            .Take(options.SignInFamiliarClients - 1);
        return [new FamiliarClient(key, now), .. others];
    }

    private static HashSet<string> Candidates(Account account, TokenKeyRing ring, string clientAddress)
    {
        ArgumentNullException.ThrowIfNull(ring);
        return [.. ring.CandidateHashes(Material(account, clientAddress))];
    }

    // ':' is not a base64url character, so this material can never be a token whose hash it would share.
    private static string Material(Account account, string clientAddress) => $"familiar-client:{account.SubscriberNumber}:{ThrottleCounter.Network(clientAddress)}";
}
