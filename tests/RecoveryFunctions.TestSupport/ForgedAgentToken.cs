using System.Security.Cryptography;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;
using RecoveryFunctions.Core.Options;
using RecoveryFunctions.DevServices.Issuer;

namespace RecoveryFunctions.TestSupport;

/// <summary>Agent tokens the development issuer would never give: altered claims, or signed with a key it never published.</summary>
public static class ForgedAgentToken
{
    public static string Create(DevelopmentIssuer issuer, TimeProvider time, Action<SecurityTokenDescriptor>? change = null, SigningCredentials? signWith = null)
    {
        ArgumentNullException.ThrowIfNull(issuer);
        var now = time.GetUtcNow().UtcDateTime;
        var descriptor = new SecurityTokenDescriptor
        {
            Issuer = issuer.Issuer,
            Audience = issuer.Audience,
            IssuedAt = now,
            NotBefore = now,
            Expires = now.AddHours(1),
            SigningCredentials = signWith ?? issuer.SigningCredentials,
            Claims = new Dictionary<string, object>
            {
                ["oid"] = Guid.NewGuid().ToString(),
                ["name"] = "Agent Faussaire",
                ["roles"] = new[] { AssistanceOptions.DefaultRole },
            },
        };
        change?.Invoke(descriptor);
        return new JsonWebTokenHandler().CreateToken(descriptor);
    }

    /// <summary>A fresh RSA key; with <paramref name="keyId"/> set to the issuer's, the key id matches but the signature cannot.</summary>
    public static SigningCredentials OtherKey(string keyId)
        => new(new RsaSecurityKey(RSA.Create(2048)) { KeyId = keyId }, SecurityAlgorithms.RsaSha256);
}
