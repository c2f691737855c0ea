using System.Security.Cryptography;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;
using RecoveryFunctions.Core.Options;

namespace RecoveryFunctions.DevServices.Issuer;

/// <summary>
/// A stand-in for the Entra ID tenant, local host only: an RSA key generated at start, whose public half the
/// local host publishes as OpenID Connect metadata + JWKS, so the app validates development tokens through the
/// same metadata path as in Azure. The key lives in memory: no token outlives the process.
/// </summary>
public sealed class DevelopmentIssuer : IDisposable
{
    public const string PathBase = "/dev-issuer";

    private readonly RSA _rsa = RSA.Create(2048);
    private readonly TimeProvider _time;

    public DevelopmentIssuer(string issuer, string audience, TimeProvider time)
    {
        Issuer = issuer;
        Audience = audience;
        _time = time;
        Key = new RsaSecurityKey(_rsa) { KeyId = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(8)) };
        SigningCredentials = new SigningCredentials(Key, SecurityAlgorithms.RsaSha256);
    }

    public string Issuer { get; }

    public string Audience { get; }

    public RsaSecurityKey Key { get; }

    public SigningCredentials SigningCredentials { get; }

    /// <summary>An access token shaped like Entra's v2 tokens: oid, name, preferred_username, roles.</summary>
    /// <param name="audience">Another resource than the agents' API, e.g. Communication Services for the local ACS endpoint.</param>
    public (string Token, DateTimeOffset ExpiresAt) CreateToken(string name, IReadOnlyCollection<string>? roles = null, TimeSpan? lifetime = null, string? audience = null)
    {
        var now = _time.GetUtcNow();
        var expiresAt = now + (lifetime ?? TimeSpan.FromHours(8));
        var token = new JsonWebTokenHandler().CreateToken(new SecurityTokenDescriptor
        {
            Issuer = Issuer,
            Audience = audience ?? Audience,
            IssuedAt = now.UtcDateTime,
            NotBefore = now.UtcDateTime,
            Expires = expiresAt.UtcDateTime,
            SigningCredentials = SigningCredentials,
            Claims = new Dictionary<string, object>
            {
                ["oid"] = Guid.NewGuid().ToString(),
                ["name"] = name,
                ["preferred_username"] = $"{Slug(name)}@assistance.localhost",
                ["roles"] = (roles ?? [AssistanceOptions.DefaultRole]).ToArray(),
                ["ver"] = "2.0",
            },
        });
        return (token, expiresAt);
    }

    public object Metadata() => new Dictionary<string, object>
    {
        ["issuer"] = Issuer,
        ["jwks_uri"] = Issuer + "/keys",
        ["token_endpoint"] = Issuer + "/token",
        ["id_token_signing_alg_values_supported"] = new[] { SecurityAlgorithms.RsaSha256 },
        ["response_types_supported"] = new[] { "token" },
        ["subject_types_supported"] = new[] { "pairwise" },
    };

    /// <summary>The public key only (JWK n and e).</summary>
    public object KeySet()
    {
        var parameters = _rsa.ExportParameters(includePrivateParameters: false);
        return new Dictionary<string, object>
        {
            ["keys"] = new[]
            {
                new Dictionary<string, string>
                {
                    ["kty"] = "RSA",
                    ["use"] = "sig",
                    ["alg"] = SecurityAlgorithms.RsaSha256,
                    ["kid"] = Key.KeyId,
                    ["n"] = Base64UrlEncoder.Encode(parameters.Modulus),
                    ["e"] = Base64UrlEncoder.Encode(parameters.Exponent),
                },
            },
        };
    }

    public void Dispose() => _rsa.Dispose();

    private static string Slug(string name)
        => new string(name.ToLowerInvariant().Select(c => char.IsAsciiLetterOrDigit(c) ? c : '.').ToArray()).Trim('.');
}
