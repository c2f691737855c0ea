using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;
using RecoveryFunctions.DevServices.Issuer;

namespace RecoveryFunctions.DevServices.Email;

/// <summary>
/// Entra ID authentication of the local endpoint: a bearer token for the Communication Services resource
/// (<c>aud</c> https://communication.azure.com, as asked with the scope https://communication.azure.com//.default),
/// signed by the local host's development issuer. Without that issuer, bearer tokens are refused.
/// </summary>
public sealed class LocalAcsBearerVerifier(DevelopmentIssuer? issuer = null)
{
    public const string Audience = "https://communication.azure.com";

    /// <returns>Null when the token is valid, else the reason it is not.</returns>
    public async Task<string?> VerifyAsync(string token)
    {
        if (issuer is null)
        {
            return "Bearer tokens need the local host's development issuer.";
        }

        var result = await new JsonWebTokenHandler().ValidateTokenAsync(token, new TokenValidationParameters
        {
            ValidIssuer = issuer.Issuer,
            ValidAudience = Audience,
            IssuerSigningKey = issuer.Key,
            ValidateLifetime = true,
        });
        return result.IsValid ? null : $"The bearer token is not valid ({result.Exception?.GetType().Name}).";
    }
}
