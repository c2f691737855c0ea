using System.Text;
using Microsoft.Extensions.Options;
using RecoveryFunctions.Core.Accounts;
using RecoveryFunctions.Core.Errors;
using RecoveryFunctions.Core.Options;
using RecoveryFunctions.Core.Throttling;
using RecoveryFunctions.Core.Tokens;

namespace RecoveryFunctions.Core.Passkeys;

/// <summary>
/// The passkey proof, reusable by any step (sign-in here; a recovery flow's factor at merge, with
/// <see cref="Recovery.RecoveryFactor.Passkey"/>): begin issues a single-use ceremony whose token is the challenge, for
/// any discoverable key or for one expected account's keys; finish deletes the ceremony under its ETag (of concurrent
/// answers exactly one goes on), finds the account through <see cref="IPasskeyIndex"/>, verifies the signature and
/// moves the key's counter under the account's ETag. Unknown keys are checked against <see cref="IWebAuthn.Decoy"/>
/// after a read of the decoy account, so they cost what a known key's failure costs, and every refusal is one code.
/// </summary>
public sealed class PasskeyAssertions(
    RequestTokens tokens,
    IPasskeyIndex index,
    IAccountStore accounts,
    AccountUpdater updater,
    IWebAuthn webAuthn,
    ClientLimits limits,
    IOptions<PasskeyOptions> options,
    TimeProvider time)
{
    /// <summary>A user handle no account has (ours are 43 base64url characters), for the decoy check.</summary>
    private const string DecoyUserHandle = "decoy";

    /// <summary>Spends one of the client's sign-in attempts (given back by a success) and opens a ceremony.</summary>
    /// <param name="expected">The account that must answer (its keys are the allow list), or null for any discoverable key.</param>
    [Refuses(nameof(ProblemCode.RateLimited))]
    public async Task<PasskeyChallenge> BeginAsync(Account? expected, string clientAddress, CancellationToken cancellationToken = default)
    {
        await limits.SpendAsync(ClientAllowance.SignIn, clientAddress, cancellationToken);
        var now = time.GetUtcNow();
        var ceremonyId = await tokens.IssueForAsync(TokenKind.PasskeyCeremony, expected, now, now + options.Value.CeremonyLifetime, cancellationToken: cancellationToken);
        return new PasskeyChallenge(ceremonyId, webAuthn.RequestOptions(Challenge(ceremonyId), AllowList(expected)));
    }

    /// <summary>The account the answer proves; <c>passkey-invalid</c> for every failure, whatever it was.</summary>
    [Refuses(nameof(ProblemCode.PasskeyInvalid), nameof(ProblemCode.Conflict))]
    public async Task<Account> FinishAsync(string? ceremonyId, string responseJson, CancellationToken cancellationToken = default)
    {
        var now = time.GetUtcNow();
        var ceremony = await tokens.FindAsync(ceremonyId, TokenKind.PasskeyCeremony, cancellationToken);
        if (ceremony is null || ceremony.Record.ExpiresAt <= now || !await tokens.TryDeleteAsync(ceremony, cancellationToken))
        {
            throw Invalid();
        }

        var credentialId = webAuthn.Peek(responseJson)?.CredentialId ?? "";
        var subscriberNumber = credentialId.Length == 0 ? null : await index.FindAsync(credentialId, cancellationToken);
        var found = await accounts.GetAsync(subscriberNumber ?? IAccountStore.DecoySubscriberNumber, cancellationToken);
        var expected = ceremony.Record.SubscriberNumber;
        var account = found?.Account is { Status: AccountStatus.Active } a && (expected is null || (expected == a.SubscriberNumber && ceremony.Record.SecurityStamp == a.SecurityStamp)) ? a : null;
        var stored = account?.Passkeys.FirstOrDefault(p => p.Id == credentialId);

        var challenge = Challenge(ceremonyId!);
        var allow = expected is null ? [] : AllowList(account);
        var signCount = await webAuthn.VerifyAssertionAsync(webAuthn.RequestOptions(challenge, allow), challenge, responseJson, stored ?? webAuthn.Decoy, account?.PasskeyUserHandle ?? DecoyUserHandle, cancellationToken);
        if (stored is null || account is null)
        {
            throw Invalid();
        }

        var updated = await updater.UpdateFromAsync(account.SubscriberNumber, found, current => current.UsePasskey(stored.Id, signCount, now), cancellationToken);
        return updated?.Account ?? throw Invalid();
    }

    /// <summary>The challenge the authenticator signs: the ceremony's token itself, so the answer names its row.</summary>
    public static byte[] Challenge(string ceremonyId) => Encoding.UTF8.GetBytes(ceremonyId);

    private static string[] AllowList(Account? account) => account is null ? [] : [.. account.Passkeys.Select(p => p.Id)];

    private static DomainException Invalid() => new(ProblemCode.PasskeyInvalid);
}
