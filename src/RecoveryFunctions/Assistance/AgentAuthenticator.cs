using System.Security.Claims;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Protocols;
using Microsoft.IdentityModel.Protocols.OpenIdConnect;
using Microsoft.IdentityModel.Tokens;
using RecoveryFunctions.Core.Assistance;
using RecoveryFunctions.Core.Audit;
using RecoveryFunctions.Core.Errors;
using RecoveryFunctions.Core.Options;
using RecoveryFunctions.Http;

namespace RecoveryFunctions.Assistance;

/// <summary>
/// Validates an agent's Entra ID access token with Microsoft.IdentityModel: RS256 signature against the keys
/// of the tenant's OpenID Connect metadata (cached and refreshed by the configuration manager), issuer,
/// audience, lifetime (TimeProvider, small skew), then the app role. The local development issuer goes
/// through exactly this path, only its metadata is served by the local host.
/// </summary>
public sealed class AgentAuthenticator(
    IConfigurationManager<OpenIdConnectConfiguration> metadata,
    IOptions<AssistanceOptions> options,
    TimeProvider time,
    ILogger<AgentAuthenticator> logger)
{
    public const string MetadataHttpClient = "assistance-metadata";

    private readonly JsonWebTokenHandler _handler = new();

    /// <exception cref="DomainException"><c>agent-unauthenticated</c> (no or invalid token) or <c>agent-forbidden</c> (no role).</exception>
    public async Task<AgentIdentity> AuthenticateAsync(string? bearerToken, CancellationToken cancellationToken = default)
    {
        if (string.IsNullOrEmpty(bearerToken) || !_handler.CanReadToken(bearerToken))
        {
            throw Unauthenticated();
        }

        var result = await ValidateAsync(bearerToken, cancellationToken);
        if (result.Exception is SecurityTokenSignatureKeyNotFoundException)
        {
            // Entra rolls its signing keys: a token naming a key our cached copy lacks asks for one refresh.
            metadata.RequestRefresh();
            result = await ValidateAsync(bearerToken, cancellationToken);
        }

        if (!result.IsValid)
        {
            // The exception type says why (expired, audience...) without logging the token or its claims.
            logger.LogWarning("Agent token refused: {Failure}", result.Exception?.GetType().Name);
            throw Unauthenticated();
        }

        var claims = result.ClaimsIdentity;

        // Entra object ids are GUIDs; written in their canonical form, the id cannot carry anything else into the trail.
        if (!Guid.TryParse(claims.FindFirst("oid")?.Value, out var objectId))
        {
            throw Unauthenticated();
        }

        var id = objectId.ToString("D");

        if (!claims.FindAll("roles").Any(c => string.Equals(c.Value, options.Value.RequiredRole, StringComparison.Ordinal)))
        {
            throw new DomainException(HttpProblemCodes.AgentForbidden);
        }

        // The display name is the directory's, not ours to refuse: a line break, bidi control or invisible character in it is shown escaped.
        return new AgentIdentity(id, AuditText.Neutralise(Name(claims)) ?? id);
    }

    private async Task<TokenValidationResult> ValidateAsync(string token, CancellationToken cancellationToken)
    {
        var configuration = await metadata.GetConfigurationAsync(cancellationToken);
        var settings = options.Value;
        return await _handler.ValidateTokenAsync(token, new TokenValidationParameters
        {
            ValidIssuer = string.IsNullOrWhiteSpace(settings.Issuer) ? configuration.Issuer : settings.Issuer,
            ValidAudience = settings.Audience,
            IssuerSigningKeys = configuration.SigningKeys,
            ValidAlgorithms = [SecurityAlgorithms.RsaSha256],
            ValidateIssuerSigningKey = true,
            RequireSignedTokens = true,
            RequireExpirationTime = true,
            ClockSkew = settings.ClockSkew,

            // The library's own lifetime check reads the system clock; this one reads the app's TimeProvider.
            LifetimeValidator = (notBefore, expires, _, parameters) => IsCurrent(notBefore, expires, parameters.ClockSkew),
        });
    }

    private bool IsCurrent(DateTime? notBefore, DateTime? expires, TimeSpan skew)
    {
        var now = time.GetUtcNow().UtcDateTime;
        return expires is { } end && now < end.ToUniversalTime() + skew
               && (notBefore is not { } start || now >= start.ToUniversalTime() - skew);
    }

    private static string? Name(ClaimsIdentity claims)
        => claims.FindFirst("name")?.Value is { Length: > 0 } name ? name : claims.FindFirst("preferred_username")?.Value;

    private static DomainException Unauthenticated() => new(HttpProblemCodes.AgentUnauthenticated);
}
