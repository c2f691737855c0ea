using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using RecoveryFunctions.Core.Options;
using RecoveryFunctions.Core.Secrets;

namespace RecoveryFunctions.Infrastructure.Captcha.CaptchEtat;

/// <summary>Which PISTE platform serves CaptchEtat: the sandbox (test credentials) or production.</summary>
public enum CaptchEtatEnvironment
{
    Sandbox,
    Production,
}

/// <summary>
/// The CaptchEtat adapter (<c>Captcha:CaptchEtat</c>): the PISTE OAuth2 token host and API base (from
/// <see cref="Environment"/>, or explicit URLs), the application's client id (its secret is read from the secret
/// source under <see cref="ClientSecretName"/>), the captcha style and the timeout of each outbound call.
/// Only checked at start-up when <c>Captcha:Provider</c> (Core's <see cref="CaptchaOptions"/>) names CaptchEtat.
/// </summary>
public sealed class CaptchEtatOptions
{
    public const string SectionName = $"{CaptchaOptions.SectionName}:CaptchEtat";

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
    public string ClientSecretName { get; set; } = SecretNames.CaptchEtatClientSecret;

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

/// <summary>
/// <c>Captcha:CaptchEtat</c>, checked only when <c>Captcha:Provider</c> names CaptchEtat: a client id, a secret name, a
/// documented style, a timeout in range, absolute URLs, and https outside Development (the client secret and the bearer
/// token never travel in clear; only the local emulation is plain http).
/// </summary>
/// <param name="captcha">
/// The captcha settings as bound, not validated (<see cref="Bound"/>): a wrong <c>Captcha:Provider</c> fails its own
/// validation once, naming that key, and leaves CaptchEtat unused here.
/// </param>
/// <param name="environmentName">The host's environment: plain-http URLs are refused outside Development.</param>
public sealed class CaptchEtatOptionsValidator(Func<CaptchaOptions> captcha, string environmentName)
    : OptionsValidator<CaptchEtatOptions>(CaptchEtatOptions.SectionName)
{
    private bool IsDevelopment => string.Equals(environmentName, "Development", StringComparison.OrdinalIgnoreCase);

    /// <summary>The captcha settings of <paramref name="services"/>, configured but not validated.</summary>
    public static Func<CaptchaOptions> Bound(IServiceProvider services)
        => () => new OptionsFactory<CaptchaOptions>(
                services.GetServices<IConfigureOptions<CaptchaOptions>>(),
                services.GetServices<IPostConfigureOptions<CaptchaOptions>>())
            .Create(Options.DefaultName);

    protected override void Check(CaptchEtatOptions options, List<string> failures)
    {
        if (captcha().Providers?.Contains(CaptchaProviderKind.CaptchEtat) != true)
        {
            return;
        }

        if (string.IsNullOrWhiteSpace(options.ClientId))
        {
            failures.Add($"{Key(nameof(options.ClientId))} is required with the CaptchEtat provider (the PISTE application's client id).");
        }

        if (string.IsNullOrWhiteSpace(options.ClientSecretName))
        {
            failures.Add($"{Key(nameof(options.ClientSecretName))} must name the client secret in the secret source.");
        }

        if (!CaptchEtatOptions.Styles.Contains(options.Style, StringComparer.Ordinal))
        {
            failures.Add($"{Key(nameof(options.Style))} must be one of the documented styles ({string.Join(", ", CaptchEtatOptions.Styles)}).");
        }

        if (options.Timeout < CaptchEtatOptions.MinTimeout || options.Timeout > CaptchEtatOptions.MaxTimeout)
        {
            failures.Add($"{Key(nameof(options.Timeout))} must be between {CaptchEtatOptions.MinTimeout:c} and {CaptchEtatOptions.MaxTimeout:c}.");
        }

        if (!Enum.IsDefined(options.Environment))
        {
            failures.Add($"{Key(nameof(options.Environment))} must be Sandbox or Production.");
        }

        CheckUrl(failures, Key(nameof(options.TokenUrl)), options.TokenUrl);
        CheckUrl(failures, Key(nameof(options.ApiBaseUrl)), options.ApiBaseUrl);
    }

    private void CheckUrl(List<string> failures, string key, string? value)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            return;
        }

        if (!Uri.TryCreate(value, UriKind.Absolute, out var url) || (url.Scheme != Uri.UriSchemeHttps && url.Scheme != Uri.UriSchemeHttp) || url.Query.Length > 0)
        {
            failures.Add($"{key} must be an absolute http(s) URL without a query.");
        }
        else if (url.Scheme != Uri.UriSchemeHttps && !IsDevelopment)
        {
            failures.Add($"{key} must be https outside Development (got '{value}').");
        }
    }
}
