using Microsoft.Extensions.Options;
using RecoveryFunctions.Core.Options;

namespace RecoveryFunctions.Hosting;

/// <summary>
/// <c>Captcha:CaptchEtat</c>, checked only when <c>Captcha:Provider</c> names CaptchEtat: a client id, a secret name,
/// a documented style, a timeout in range, absolute URLs, and https outside Development (the client secret and the
/// bearer token never travel in clear; only the local emulation is plain http).
/// </summary>
internal sealed class CaptchEtatOptionsValidator(bool isDevelopment) : IValidateOptions<CaptchaOptions>
{
    private const string Section = $"{CaptchaOptions.SectionName}:{nameof(CaptchaOptions.CaptchEtat)}";

    public ValidateOptionsResult Validate(string? name, CaptchaOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (options.Providers?.Contains(CaptchaProviderKind.CaptchEtat) != true)
        {
            return ValidateOptionsResult.Skip;
        }

        var o = options.CaptchEtat;
        var failures = new List<string>();
        if (string.IsNullOrWhiteSpace(o.ClientId))
        {
            failures.Add($"{Section}:ClientId is required with the CaptchEtat provider (the PISTE application's client id).");
        }

        if (string.IsNullOrWhiteSpace(o.ClientSecretName))
        {
            failures.Add($"{Section}:ClientSecretName must name the client secret in the secret source.");
        }

        if (!CaptchEtatOptions.Styles.Contains(o.Style, StringComparer.Ordinal))
        {
            failures.Add($"{Section}:Style must be one of the documented styles ({string.Join(", ", CaptchEtatOptions.Styles)}).");
        }

        if (o.Timeout < CaptchEtatOptions.MinTimeout || o.Timeout > CaptchEtatOptions.MaxTimeout)
        {
            failures.Add($"{Section}:Timeout must be between {CaptchEtatOptions.MinTimeout:c} and {CaptchEtatOptions.MaxTimeout:c}.");
        }

        if (!Enum.IsDefined(o.Environment))
        {
            failures.Add($"{Section}:Environment must be Sandbox or Production.");
        }

        CheckUrl(failures, nameof(o.TokenUrl), o.TokenUrl);
        CheckUrl(failures, nameof(o.ApiBaseUrl), o.ApiBaseUrl);
        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }

    private void CheckUrl(List<string> failures, string key, string? value)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            return;
        }

        if (!Uri.TryCreate(value, UriKind.Absolute, out var url) || (url.Scheme != Uri.UriSchemeHttps && url.Scheme != Uri.UriSchemeHttp) || url.Query.Length > 0)
        {
            failures.Add($"{Section}:{key} must be an absolute http(s) URL without a query.");
        }
        else if (url.Scheme != Uri.UriSchemeHttps && !isDevelopment)
        {
            failures.Add($"{Section}:{key} must be https outside Development (got '{value}').");
        }
    }
}
