namespace RecoveryFunctions.DevServices.Issuer;

/// <summary>The development issuer's metadata, keys and token endpoint, served by the local host only.</summary>
public static class DevelopmentIssuerEndpoints
{
    public static void MapDevelopmentIssuer(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapGet(DevelopmentIssuer.PathBase + "/.well-known/openid-configuration", (DevelopmentIssuer issuer) => Results.Json(issuer.Metadata()));
        endpoints.MapGet(DevelopmentIssuer.PathBase + "/keys", (DevelopmentIssuer issuer) => Results.Json(issuer.KeySet()));
        endpoints.MapPost(DevelopmentIssuer.PathBase + "/token", (DevelopmentTokenRequest? request, DevelopmentIssuer issuer) =>
        {
            var (token, expiresAt) = issuer.CreateToken(string.IsNullOrWhiteSpace(request?.Name) ? "Agent Démo" : request.Name.Trim(), request?.Roles);
            return Results.Json(new DevelopmentTokenResponse(token, expiresAt));
        });
    }
}
