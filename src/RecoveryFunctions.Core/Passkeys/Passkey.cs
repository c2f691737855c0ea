namespace RecoveryFunctions.Core.Passkeys;

/// <summary>
/// One registered passkey, kept on its account: the credential id and COSE public key (base64url; public by nature, so
/// nothing secret at rest), the signature counter last seen, and what the holder sees of it.
/// </summary>
public sealed record Passkey(string Id, string PublicKey, long SignCount, string Name, DateTimeOffset CreatedAt, DateTimeOffset? LastUsedAt);

/// <summary>What a verified registration yields.</summary>
public sealed record NewPasskeyCredential(string Id, string PublicKey, long SignCount);

/// <summary>A ceremony to answer: its id (also the challenge the authenticator signs) and the options for the browser, as JSON.</summary>
public sealed record PasskeyChallenge(string CeremonyId, string OptionsJson);
