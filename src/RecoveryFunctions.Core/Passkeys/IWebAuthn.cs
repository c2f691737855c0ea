namespace RecoveryFunctions.Core.Passkeys;

/// <summary>
/// The WebAuthn ceremonies (Infrastructure: the Fido2 library), for the relying party in <c>Passkeys:*</c>. The
/// challenge is chosen by the caller (the ceremony's token), so a response leads back to its stored ceremony.
/// Every verification failure throws <see cref="Errors.DomainException"/> with the code given.
/// </summary>
public interface IWebAuthn
{
    /// <summary>Creation options (JSON form of PublicKeyCredentialCreationOptions) for a discoverable, user-verified key.</summary>
    string CreationOptions(byte[] challenge, string userHandle, string userName, IReadOnlyCollection<string> excludeCredentialIds);

    /// <summary>Checks an attestation (RegistrationResponseJSON) against the options it answers.</summary>
    Task<NewPasskeyCredential> VerifyCreationAsync(string optionsJson, byte[] challenge, string responseJson, CancellationToken cancellationToken = default);

    /// <summary>Request options (JSON form of PublicKeyCredentialRequestOptions); empty allow list: any discoverable key.</summary>
    string RequestOptions(byte[] challenge, IReadOnlyCollection<string> allowCredentialIds);

    /// <summary>The challenge and credential id a response names, read without checking anything; null when unreadable.</summary>
    (byte[] Challenge, string CredentialId)? Peek(string responseJson);

    /// <summary>
    /// Checks an assertion (AuthenticationResponseJSON) against the stored key: origin, RP id, challenge, user presence and
    /// verification, user handle, signature. Returns the authenticator's counter; the caller applies the counter rule.
    /// </summary>
    Task<long> VerifyAssertionAsync(string optionsJson, byte[] challenge, string responseJson, Passkey stored, string userHandle, CancellationToken cancellationToken = default);

    /// <summary>A key nobody holds, checked against when the credential is unknown so that the work is the same.</summary>
    Passkey Decoy { get; }
}
