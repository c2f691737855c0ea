namespace RecoveryFunctions.Infrastructure.FranceConnect;

/// <summary>
/// This service as FranceConnect's partner space registers it: the provider's issuer (ending in <c>/api/v2</c>), the
/// client id, the secret (read when a code is redeemed, so a rotation in Key Vault needs no restart), and the one callback
/// and post-logout URI this deployment uses among those registered.
/// </summary>
public sealed record FranceConnectRegistration(Uri Authority, string ClientId, Func<CancellationToken, ValueTask<string>> ClientSecret, Uri RedirectUri, Uri PostLogoutRedirectUri)
{
    /// <summary>The pivot identity's claims and email, one scope per claim as FranceConnect v2 documents them.</summary>
    public const string Scopes = "openid given_name family_name birthdate gender birthplace birthcountry email";

    /// <summary>FranceConnect's level for its own identity providers (FranceConnect+ serves eidas2 and eidas3).</summary>
    public const string AcrValues = "eidas1";

    /// <summary>The two signing algorithms FranceConnect v2 offers (ES256 recommended).</summary>
    public static readonly IReadOnlyList<string> SigningAlgorithms = ["ES256", "RS256"];

    public Uri MetadataAddress => new(Authority.ToString().TrimEnd('/') + "/.well-known/openid-configuration");
}
