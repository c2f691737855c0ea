using System.ComponentModel.DataAnnotations;

namespace RecoveryFunctions.Core.Options;

/// <summary>
/// Passkeys (WebAuthn, docs/security/passkeys.md): the relying party the browser binds each key to, the origins whose
/// ceremonies are accepted, and the lifetimes of a ceremony and of a passkey session's password change.
/// </summary>
public sealed class PasskeyOptions
{
    public const string SectionName = "Passkeys";

    /// <summary>
    /// The relying-party id: a registrable domain suffix of every origin (e.g. <c>impots.gouv.fr</c>). Empty: the host of
    /// <c>Recovery:FrontEndBaseUrl</c>. Changing it orphans every passkey already made.
    /// </summary>
    public string RelyingPartyId { get; set; } = "";

    /// <summary>The name an authenticator may show beside the key. Empty: <c>Service:Brand</c>, so a person meets one name.</summary>
    public string RelyingPartyName { get; set; } = "";

    /// <summary>Origins (scheme, host, port) whose ceremonies are accepted. Empty: the origin of <c>Recovery:FrontEndBaseUrl</c>.</summary>
    public string[] Origins { get; set; } = [];

    /// <summary>How long a ceremony's challenge can be answered (single use either way).</summary>
    [Range(typeof(TimeSpan), "00:00:30", "00:10:00")]
    public TimeSpan CeremonyLifetime { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>Passkeys one account may hold (each is a few hundred bytes of the account row).</summary>
    [Range(1, 20)]
    public int MaxPerAccount { get; set; } = 10;

    /// <summary>
    /// A session opened with a passkey may set a new password without the current one for this long after sign-in
    /// (the holder who forgot it); zero turns that off.
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:00", "00:30:00")]
    public TimeSpan PasswordChangeWindow { get; set; } = TimeSpan.FromMinutes(10);

    /// <summary>
    /// The relying party in force: these settings, or what <paramref name="frontEndBaseUrl"/> and <paramref name="service"/>
    /// imply for the empty ones.
    /// </summary>
    public (string Id, string Name, IReadOnlyList<string> Origins) Resolve(string frontEndBaseUrl, ServiceOptions service)
    {
        ArgumentNullException.ThrowIfNull(service);
        var site = new Uri(frontEndBaseUrl);
        var id = string.IsNullOrEmpty(RelyingPartyId) ? site.Host : RelyingPartyId;
        var name = string.IsNullOrWhiteSpace(RelyingPartyName) ? service.Brand : RelyingPartyName;
        IReadOnlyList<string> origins = Origins is { Length: > 0 } ? [.. Origins.Select(o => o.TrimEnd('/'))] : [site.GetLeftPart(UriPartial.Authority)];
        return (id, name, origins);
    }
}

public sealed class PasskeyOptionsValidator() : OptionsValidator<PasskeyOptions>(PasskeyOptions.SectionName)
{
    protected override void Check(PasskeyOptions options, List<string> failures)
    {
        foreach (var origin in options.Origins ?? [])
        {
            if (!Uri.TryCreate(origin, UriKind.Absolute, out var uri) || uri.AbsolutePath != "/" || !string.IsNullOrEmpty(uri.Query)
                || !(uri.Scheme == Uri.UriSchemeHttps || (uri.Scheme == Uri.UriSchemeHttp && uri.IsLoopback)))
            {
                failures.Add($"{Key(nameof(options.Origins))}: '{origin}' is not an origin (https://host[:port], or http:// on a loopback host).");
            }
            else if (!string.IsNullOrEmpty(options.RelyingPartyId) && uri.Host != options.RelyingPartyId && !uri.Host.EndsWith("." + options.RelyingPartyId, StringComparison.Ordinal))
            {
                failures.Add($"{Key(nameof(options.RelyingPartyId))}: '{options.RelyingPartyId}' is not the host of '{origin}' nor a domain above it, so browsers would refuse every ceremony.");
            }
        }

        if (!string.IsNullOrEmpty(options.RelyingPartyId) && (options.RelyingPartyId.Contains(':', StringComparison.Ordinal) || options.RelyingPartyId.Contains('/', StringComparison.Ordinal)))
        {
            failures.Add($"{Key(nameof(options.RelyingPartyId))}: a domain only (no scheme, port or path).");
        }

        if (!string.IsNullOrEmpty(options.RelyingPartyId) && (options.Origins ?? []).Length == 0)
        {
            failures.Add($"{Key(nameof(options.Origins))}: required when {Key(nameof(options.RelyingPartyId))} is set.");
        }
    }
}
