using System.ComponentModel.DataAnnotations;
using System.Net;

namespace RecoveryFunctions.Core.Options;

/// <summary>
/// How helpdesk agents are authenticated (contract §2.5): Entra ID bearer tokens checked against the tenant's
/// OpenID Connect metadata (issuer and signing keys), the API's audience and an app role.
/// </summary>
public sealed class AssistanceOptions
{
    public const string SectionName = "Assistance";
    public const string DefaultRole = "Recovery.Assistance";

    /// <summary>The tenant's metadata, e.g. https://login.microsoftonline.com/{tenant}/v2.0/.well-known/openid-configuration.</summary>
    [Required, Url]
    public string MetadataAddress { get; set; } = "";

    /// <summary>The API's application id URI or client id, as Entra puts it in <c>aud</c>.</summary>
    [Required]
    public string Audience { get; set; } = "";

    /// <summary>Expected <c>iss</c>; empty means the issuer the metadata announces (tenant-specific metadata names exactly one tenant).</summary>
    public string? Issuer { get; set; }

    [MinLength(1)]
    public string RequiredRole { get; set; } = DefaultRole;

    [Range(typeof(TimeSpan), "00:00:00", "00:05:00")]
    public TimeSpan ClockSkew { get; set; } = TimeSpan.FromMinutes(2);

    /// <summary>
    /// The local host's development issuer: metadata over plain http is accepted. Refused at start-up
    /// outside the Development environment, like any http or loopback metadata address.
    /// </summary>
    public bool DevelopmentIssuer { get; set; }

    /// <summary>How long a closed assistance request is kept (personal data) before the cleanup deletes it; open ones are kept.</summary>
    [Range(typeof(TimeSpan), "00:10:00", "3650.00:00:00")]
    public TimeSpan RequestRetention { get; set; } = TimeSpan.FromDays(90);

    /// <summary>
    /// Online assistance requests per client address (IPv4, or IPv6 /64) per hour: the contact form's only limit. There is
    /// none per named account: strangers could spend it and keep the holder out (docs/security/contact-form.md).
    /// </summary>
    [Range(1, 1000)]
    public int RequestsPerIpPerHour { get; set; } = 3;
}

/// <summary>
/// Outside Development the agents' metadata must be a real https, non-loopback address and the development
/// issuer is refused: a production app can never be pointed at the local host's self-signed issuer.
/// </summary>
public sealed class AssistanceOptionsValidator(bool isDevelopment) : OptionsValidator<AssistanceOptions>(AssistanceOptions.SectionName)
{
    protected override void Check(AssistanceOptions options, List<string> failures)
    {
        var key = Key(nameof(options.MetadataAddress));
        if (!Uri.TryCreate(options.MetadataAddress, UriKind.Absolute, out var address))
        {
            failures.Add($"{key} must be an absolute URL.");
        }
        else if (!isDevelopment && options.DevelopmentIssuer)
        {
            failures.Add($"{Key(nameof(options.DevelopmentIssuer))} is allowed only in the Development environment.");
        }
        else if (!isDevelopment && (address.Scheme != Uri.UriSchemeHttps || IsLoopback(address)))
        {
            failures.Add($"{key} must be an https address of the identity provider outside Development (got '{options.MetadataAddress}').");
        }
        else if (address.Scheme != Uri.UriSchemeHttps && !options.DevelopmentIssuer)
        {
            failures.Add($"{key} must be https unless {Key(nameof(options.DevelopmentIssuer))} is true.");
        }
    }

    private static bool IsLoopback(Uri address)
        => address.IsLoopback
           || address.Host.EndsWith(".localhost", StringComparison.OrdinalIgnoreCase)
           || (IPAddress.TryParse(address.Host.Trim('[', ']'), out var ip) && (IPAddress.IsLoopback(ip) || ip.Equals(IPAddress.Any) || ip.Equals(IPAddress.IPv6Any)));
}
