using System.Net;
using Microsoft.Extensions.Options;
using RecoveryFunctions.Core.Options;

namespace RecoveryFunctions.Hosting;

/// <summary>
/// Outside Development the agents' metadata must be a real https, non-loopback address and the development
/// issuer is refused: a production app can never be pointed at the local host's self-signed issuer.
/// </summary>
internal sealed class AssistanceOptionsValidator(bool isDevelopment) : IValidateOptions<AssistanceOptions>
{
    public ValidateOptionsResult Validate(string? name, AssistanceOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        const string Key = $"{AssistanceOptions.SectionName}:MetadataAddress";
        if (!Uri.TryCreate(options.MetadataAddress, UriKind.Absolute, out var address))
        {
            return ValidateOptionsResult.Fail($"{Key} must be an absolute URL.");
        }

        if (!isDevelopment)
        {
            if (options.DevelopmentIssuer)
            {
                return ValidateOptionsResult.Fail($"{AssistanceOptions.SectionName}:DevelopmentIssuer is allowed only in the Development environment.");
            }

            if (address.Scheme != Uri.UriSchemeHttps || IsLoopback(address))
            {
                return ValidateOptionsResult.Fail($"{Key} must be an https address of the identity provider outside Development (got '{options.MetadataAddress}').");
            }
        }

        if (address.Scheme != Uri.UriSchemeHttps && !options.DevelopmentIssuer)
        {
            return ValidateOptionsResult.Fail($"{Key} must be https unless {AssistanceOptions.SectionName}:DevelopmentIssuer is true.");
        }

        return ValidateOptionsResult.Success;
    }

    private static bool IsLoopback(Uri address)
        => address.IsLoopback
           || address.Host.EndsWith(".localhost", StringComparison.OrdinalIgnoreCase)
           || (IPAddress.TryParse(address.Host.Trim('[', ']'), out var ip) && (IPAddress.IsLoopback(ip) || ip.Equals(IPAddress.Any) || ip.Equals(IPAddress.IPv6Any)));
}
