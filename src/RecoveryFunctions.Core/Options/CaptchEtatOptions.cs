namespace RecoveryFunctions.Core.Options;

/// <summary>Which PISTE platform serves CaptchEtat: the sandbox (test credentials) or production.</summary>
public enum CaptchEtatEnvironment
{
    Sandbox,
    Production,
}

/// <summary>
/// The CaptchEtat provider (<c>Captcha:CaptchEtat</c>): the PISTE OAuth2 token host and API base (from
/// <see cref="Environment"/>, or explicit URLs), the application's client id (its secret is read from the secret
/// source under <see cref="ClientSecretName"/>), the captcha style and the timeout of each outbound call.
/// Only checked at start-up when <c>Captcha:Provider</c> names CaptchEtat.
/// </summary>
public sealed class CaptchEtatOptions
{
    /// <summary>The OAuth2 scope of the API on PISTE.</summary>
    public const string Scope = "piste.captchetat";

    public const string SandboxTokenUrl = "https://sandbox-oauth.piste.gouv.fr/api/oauth/token";
    public const string ProductionTokenUrl = "https://oauth.piste.gouv.fr/api/oauth/token";
    public const string SandboxApiBaseUrl = "https://sandbox-api.piste.gouv.fr/piste/captchetat/v2";
    public const string ProductionApiBaseUrl = "https://api.piste.gouv.fr/piste/captchetat/v2";

    /// <summary>The <c>c</c> values the API documents (CaptchEtat v2): a character set and length, then the audio's language.</summary>
    public static readonly IReadOnlyList<string> Styles =
    [
        "captchaFR", "captchaEN", "numerique6_7CaptchaFR", "numerique6_7CaptchaEN", "alphabetique6_7CaptchaFR", "alphabetique6_7CaptchaEN",
        "alphanumerique12CaptchaFR", "alphanumerique12CaptchaEN", "alphabetique12CaptchaFR", "alphabetique12CaptchaEN",
        "numerique12CaptchaFR", "numerique12CaptchaEN", "alphanumerique6to9LightCaptchaEN", "alphanumerique6to9LightCaptchaFR",
        "alphanumerique4to6LightCaptchaEN", "alphanumerique4to6LightCaptchaFR",
    ];

    public static readonly TimeSpan MinTimeout = TimeSpan.FromMilliseconds(100);
    public static readonly TimeSpan MaxTimeout = TimeSpan.FromSeconds(30);

    public CaptchEtatEnvironment Environment { get; set; } = CaptchEtatEnvironment.Sandbox;

    /// <summary>Overrides the environment's token endpoint (the local emulation, a proxy).</summary>
    public string? TokenUrl { get; set; }

    /// <summary>Overrides the environment's API base, the part before <c>/simple-captcha-endpoint</c>.</summary>
    public string? ApiBaseUrl { get; set; }

    /// <summary>The PISTE application's client id (not a secret; the secret is in the secret source).</summary>
    public string? ClientId { get; set; }

    /// <summary>Name of the client secret in Key Vault or <c>Secrets:Values</c>.</summary>
    public string ClientSecretName { get; set; } = Secrets.SecretNames.CaptchEtatClientSecret;

    /// <summary>The captcha style (<c>c</c>), one of <see cref="Styles"/>; its suffix is the audio's language.</summary>
    public string Style { get; set; } = "captchaFR";

    /// <summary>Timeout of each call to PISTE (token, image, sound, validation): past it the step fails closed.</summary>
    public TimeSpan Timeout { get; set; } = TimeSpan.FromSeconds(5);

    public Uri ResolvedTokenUrl => new(string.IsNullOrWhiteSpace(TokenUrl)
        ? Environment == CaptchEtatEnvironment.Production ? ProductionTokenUrl : SandboxTokenUrl
        : TokenUrl);

    /// <summary>The API base with a trailing slash, so relative paths resolve under it.</summary>
    public Uri ResolvedApiBaseUrl => new((string.IsNullOrWhiteSpace(ApiBaseUrl)
        ? Environment == CaptchEtatEnvironment.Production ? ProductionApiBaseUrl : SandboxApiBaseUrl
        : ApiBaseUrl).TrimEnd('/') + "/");
}
