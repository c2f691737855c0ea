namespace RecoveryFunctions.DevServices.CaptchEtat;

/// <summary>
/// The local CaptchEtat emulation (<c>LocalCaptchEtat</c> section): the credentials it accepts (those the app is
/// configured with) and the lifetimes the service does not document, which tests shorten.
/// </summary>
public sealed class LocalCaptchEtatOptions
{
    public const string SectionName = "LocalCaptchEtat";

    /// <summary>Path of the token endpoint on the local host (PISTE: https://sandbox-oauth.piste.gouv.fr/api/oauth/token).</summary>
    public const string TokenPath = "/piste-oauth/api/oauth/token";

    /// <summary>Base of the API on the local host (PISTE: https://sandbox-api.piste.gouv.fr/piste/captchetat/v2).</summary>
    public const string ApiBasePath = "/piste-api/piste/captchetat/v2";

    public string ClientId { get; set; } = "";

    public string ClientSecret { get; set; } = "";

    /// <summary>expires_in of the access tokens it issues (PISTE issues 3600 s tokens).</summary>
    public TimeSpan TokenLifetime { get; set; } = TimeSpan.FromHours(1);

    /// <summary>How long a challenge's uuid can be heard and validated (not documented; the app's own lifetime by default).</summary>
    public TimeSpan ChallengeLifetime { get; set; } = TimeSpan.FromMinutes(5);
}
