using Microsoft.AspNetCore.Http;
using Microsoft.Azure.Functions.Worker;
using Microsoft.Extensions.Options;
using RecoveryFunctions.Core.Options;
using RecoveryFunctions.Core.Passwords;
using RecoveryFunctions.Http;
using RecoveryFunctions.OpenApi;

namespace RecoveryFunctions.Functions;

/// <summary>
/// GET /api/profile: which standards profile the service runs (docs/security/standards-profile.md), so the pages know
/// whether to ask for a security question and which password rules to show. The same for everyone, nothing secret.
/// </summary>
public sealed class StandardsProfileFunction(IOptions<RecoveryOptions> options, PasswordPolicy policy)
{
    [ApiResponse(StatusCodes.Status200OK, typeof(StandardsProfileResponse))]
    [Function(nameof(StandardsProfileFunction))]
    public IResult Run([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "profile")] HttpRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        return ApiResults.Ok(new StandardsProfileResponse(
            options.Value.Profile.ToString(),
            options.Value.AsksSecurityQuestion,
            new PasswordRulesResponse(policy.MinimumLength, PasswordPolicy.MaximumLength, policy.Profile == PasswordPolicyProfile.Seed),
            (int)options.Value.RecoveryLinkLifetime.TotalMinutes));
    }
}

/// <param name="Profile"><c>Seed</c> (mailbox proof, then the security question) or <c>Asvs</c> (OWASP ASVS 5.0 level 2: no question; mailbox proof, then an enrolled factor when there is one).</param>
/// <param name="SecurityQuestion">Whether registration asks for a security question and the account space offers to change it.</param>
/// <param name="RecoveryLinkMinutes">How long the emailed recovery link and code stay valid (at most 10 under <c>Asvs</c>), for the page that announces them.</param>
public sealed record StandardsProfileResponse(string Profile, bool SecurityQuestion, PasswordRulesResponse Password, int RecoveryLinkMinutes);

/// <param name="MinLength">Fewest characters (Unicode code points) a new password may have.</param>
/// <param name="MaxLength">Most characters a new password may have.</param>
/// <param name="Composition">Whether a letter and a digit are required and spaces and non-ASCII refused (seed rules); false under ASVS (6.2.5).</param>
public sealed record PasswordRulesResponse(int MinLength, int MaxLength, bool Composition);
