namespace RecoveryFunctions.Core.Passkeys;

/// <summary>
/// Credential id → subscriber number, so a sign-in finds the account from the key the browser chose without a scan.
/// The account row stays the truth: an entry whose account no longer holds the key is treated as unknown.
/// </summary>
public interface IPasskeyIndex
{
    /// <summary>Insert-if-absent: false when the credential id is already registered (to anyone).</summary>
    Task<bool> TryAddAsync(string credentialId, string subscriberNumber, CancellationToken cancellationToken = default);

    /// <summary>The account the credential was registered to; null when unknown (one point read either way).</summary>
    Task<string?> FindAsync(string credentialId, CancellationToken cancellationToken = default);

    /// <summary>Removes the entry if it points at this account; absent is fine.</summary>
    Task RemoveAsync(string credentialId, string subscriberNumber, CancellationToken cancellationToken = default);
}
