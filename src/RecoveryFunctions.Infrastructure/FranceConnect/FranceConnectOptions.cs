using RecoveryFunctions.Core.Options;

namespace RecoveryFunctions.Infrastructure.FranceConnect;

/// <summary>
/// FranceConnect (<c>FranceConnect</c>): off unless <see cref="Enabled"/>; then the provider's issuer (FranceConnect v2:
/// the integration host <c>https://fcp-low.integ01.dev-franceconnect.fr/api/v2</c>, or the production issuer given with
/// the habilitation), this service's client id (its secret is read from the secret source under
/// <see cref="ClientSecretName"/>), the redirect and post-logout URIs registered in FranceConnect's partner space (the
/// first of each is the one this deployment sends), and the timeout of each outbound call.
/// </summary>
public sealed class FranceConnectOptions
{
    public const string SectionName = "FranceConnect";

    public static readonly TimeSpan MinTimeout = TimeSpan.FromMilliseconds(100);
    public static readonly TimeSpan MaxTimeout = TimeSpan.FromSeconds(30);

    public bool Enabled { get; set; }

    /// <summary>The issuer, ending in <c>/api/v2</c>; its discovery document is under it.</summary>
    public string? Authority { get; set; }

    public string? ClientId { get; set; }

    /// <summary>Name of the client secret in Key Vault or <c>Secrets:Values</c>.</summary>
    public string ClientSecretName { get; set; } = "franceconnect-client-secret";

    public string[] RedirectUris { get; set; } = [];

    public string[] PostLogoutRedirectUris { get; set; } = [];

    /// <summary>Timeout of each call to FranceConnect (discovery, keys, token, userinfo): past it the step fails closed.</summary>
    public TimeSpan Timeout { get; set; } = TimeSpan.FromSeconds(5);
}

/// <summary>
/// <c>FranceConnect</c>, checked only when enabled: an absolute issuer, a client id, a secret name, at least one redirect
/// and one post-logout URI, absolute and without a fragment, a timeout in range, and https everywhere outside
/// Development (only the local provider is plain http).
/// </summary>
public sealed class FranceConnectOptionsValidator(string environmentName) : OptionsValidator<FranceConnectOptions>(FranceConnectOptions.SectionName)
{
    private bool IsDevelopment => string.Equals(environmentName, "Development", StringComparison.OrdinalIgnoreCase);

    protected override void Check(FranceConnectOptions options, List<string> failures)
    {
        if (!options.Enabled)
        {
            return;
        }

        CheckUrl(failures, Key(nameof(options.Authority)), options.Authority);
        if (string.IsNullOrWhiteSpace(options.ClientId))
        {
            failures.Add($"{Key(nameof(options.ClientId))} is required when FranceConnect is enabled (the client id from FranceConnect's partner space).");
        }

        if (string.IsNullOrWhiteSpace(options.ClientSecretName))
        {
            failures.Add($"{Key(nameof(options.ClientSecretName))} must name the client secret in the secret source.");
        }

        foreach (var (name, uris) in new[] { (nameof(options.RedirectUris), options.RedirectUris), (nameof(options.PostLogoutRedirectUris), options.PostLogoutRedirectUris) })
        {
            if (uris is not { Length: > 0 })
            {
                failures.Add($"{Key(name)} needs at least one URI, as registered in FranceConnect's partner space.");
            }

            foreach (var uri in uris ?? [])
            {
                CheckUrl(failures, Key(name), uri);
            }
        }

        if (options.Timeout < FranceConnectOptions.MinTimeout || options.Timeout > FranceConnectOptions.MaxTimeout)
        {
            failures.Add($"{Key(nameof(options.Timeout))} must be between {FranceConnectOptions.MinTimeout:c} and {FranceConnectOptions.MaxTimeout:c}.");
        }
    }

    private void CheckUrl(List<string> failures, string key, string? value)
    {
        if (!Uri.TryCreate(value, UriKind.Absolute, out var url) || (url.Scheme != Uri.UriSchemeHttps && url.Scheme != Uri.UriSchemeHttp) || url.Fragment.Length > 0)
        {
            failures.Add($"{key} must be an absolute http(s) URL without a fragment (got '{value}').");
        }
        else if (url.Scheme != Uri.UriSchemeHttps && !IsDevelopment)
        {
            failures.Add($"{key} must be https outside Development (got '{value}').");
        }
    }
}
