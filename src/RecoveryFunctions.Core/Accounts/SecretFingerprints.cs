using RecoveryFunctions.Core.Passwords;
using RecoveryFunctions.Core.Tokens;

namespace RecoveryFunctions.Core.Accounts;

/// <summary>
/// The short keyed fingerprints an account keeps of its password and security answer, written whenever one of them is
/// known in clear (registration, sign-in, password change or reset, answer given, question changed), so the contact
/// form can find them in a message without one Argon2id evaluation per word (docs/security/contact-form.md, decision
/// record). HMAC-SHA256 under the token key ring over a material bound to the account and to the kind of secret, cut
/// to <see cref="TokenKeyRing.FingerprintBytes"/> bytes: a stolen table with the key narrows guesses, never confirms one.
/// </summary>
public static class SecretFingerprints
{
    /// <summary>The password as the hasher sees it (NFKC), under the current key.</summary>
    public static string OfPassword(TokenKeyRing ring, string subscriberNumber, string password)
    {
        ArgumentNullException.ThrowIfNull(ring);
        ArgumentNullException.ThrowIfNull(password);
        return ring.Fingerprint(PasswordMaterial(subscriberNumber) + PasswordNormalizer.Normalize(password));
    }

    /// <summary>The normalised answer (what is hashed), under the current key.</summary>
    public static string OfAnswer(TokenKeyRing ring, string subscriberNumber, string normalizedAnswer)
    {
        ArgumentNullException.ThrowIfNull(ring);
        ArgumentNullException.ThrowIfNull(normalizedAnswer);
        return ring.Fingerprint(AnswerMaterial(subscriberNumber) + normalizedAnswer);
    }

    // ':' is not base64url, so no material here can be a token whose MAC it would share; the kind keeps a password
    // and an answer that happen to be equal apart, the number keeps two accounts apart.
    public static string PasswordMaterial(string subscriberNumber) => $"secret-fingerprint:password:{subscriberNumber}:";

    public static string AnswerMaterial(string subscriberNumber) => $"secret-fingerprint:answer:{subscriberNumber}:";
}
