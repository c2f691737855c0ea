using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Protocols;
using Microsoft.IdentityModel.Protocols.OpenIdConnect;
using Microsoft.IdentityModel.Tokens;
using RecoveryFunctions.Core.Errors;
using RecoveryFunctions.Core.FranceConnect;

namespace RecoveryFunctions.Infrastructure.FranceConnect;

/// <summary>
/// <see cref="IFranceConnectProvider"/> on FranceConnect v2's OpenID Connect endpoints, read from its discovery document:
/// the code is redeemed with client_secret_post, the ID token and the userinfo (application/jwt) are verified against
/// the published keys (ES256 or RS256, issuer, audience, lifetime, acr eidas1), and the userinfo's sub must be the ID
/// token's. A key id the cached key set lacks gets one refresh of the metadata and one more try, as FranceConnect asks
/// of a service provider that caches its keys. Anything else that does not verify, and any transport failure, is an
/// outage (<see cref="FranceConnectUnavailableException"/>); a code the provider refuses is the person's
/// (<c>franceconnect-failed</c>).
/// </summary>
public sealed class FranceConnectHttpProvider : IFranceConnectProvider
{
    /// <summary>Name of the HttpClient (timeout and handler set where it is registered).</summary>
    public const string HttpClientName = "FranceConnect";

    private static readonly string[] PivotClaims = ["given_name", "family_name", "birthdate", "gender", "birthplace", "birthcountry"];
    private readonly HttpClient _http;
    private readonly FranceConnectRegistration _registration;
    private readonly ConfigurationManager<OpenIdConnectConfiguration> _metadata;
    private readonly JsonWebTokenHandler _handler = new();

    public FranceConnectHttpProvider(HttpClient http, FranceConnectRegistration registration)
    {
        ArgumentNullException.ThrowIfNull(registration);
        _http = http;
        _registration = registration;
        _metadata = new ConfigurationManager<OpenIdConnectConfiguration>(
            registration.MetadataAddress.ToString(),
            new OpenIdConnectConfigurationRetriever(),
            new HttpDocumentRetriever(http) { RequireHttps = registration.Authority.Scheme == Uri.UriSchemeHttps });
    }

    public async Task<Uri> AuthorizationUrlAsync(string state, string nonce, CancellationToken cancellationToken = default)
    {
        var metadata = await MetadataAsync(cancellationToken);
        return WithQuery(metadata.AuthorizationEndpoint, new Dictionary<string, string>
        {
            ["response_type"] = "code",
            ["client_id"] = _registration.ClientId,
            ["redirect_uri"] = _registration.RedirectUri.ToString(),
            ["scope"] = FranceConnectRegistration.Scopes,
            ["acr_values"] = FranceConnectRegistration.AcrValues,
            ["state"] = state,
            ["nonce"] = nonce,
            ["prompt"] = "login",
        });
    }

    public async Task<FranceConnectAuthentication> RedeemAsync(string code, CancellationToken cancellationToken = default)
    {
        var metadata = await MetadataAsync(cancellationToken);
        using var form = new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["grant_type"] = "authorization_code",
            ["code"] = code,
            ["redirect_uri"] = _registration.RedirectUri.ToString(),
            ["client_id"] = _registration.ClientId,
            ["client_secret"] = await _registration.ClientSecret(cancellationToken),
        });
        using var response = await SendAsync(() => new HttpRequestMessage(HttpMethod.Post, metadata.TokenEndpoint) { Content = form }, cancellationToken);
        if (response.StatusCode == HttpStatusCode.BadRequest)
        {
            // invalid_grant: a code already redeemed, expired, or issued to another request.
            throw new DomainException(ProblemCode.FranceConnectFailed);
        }

        var (idToken, accessToken) = await ReadTokensAsync(response, cancellationToken);
        var identity = await ValidateAsync(idToken, cancellationToken);
        if (identity.GetPayloadValue<string>("acr") != FranceConnectRegistration.AcrValues)
        {
            throw new FranceConnectUnavailableException("The ID token's acr is not eidas1.");
        }

        using var userinfo = await SendAsync(() => new HttpRequestMessage(HttpMethod.Get, metadata.UserInfoEndpoint)
        {
            Headers = { Authorization = new AuthenticationHeaderValue("Bearer", accessToken), Accept = { new MediaTypeWithQualityHeaderValue("application/jwt") } },
        }, cancellationToken);
        if (userinfo.StatusCode != HttpStatusCode.OK || userinfo.Content.Headers.ContentType?.MediaType != "application/jwt")
        {
            throw new FranceConnectUnavailableException($"The userinfo endpoint answered {(int)userinfo.StatusCode} {userinfo.Content.Headers.ContentType?.MediaType}, not a signed userinfo.");
        }

        var claims = await ValidateAsync(await userinfo.Content.ReadAsStringAsync(cancellationToken), cancellationToken);
        if (claims.Subject != identity.Subject || PivotClaims.Any(name => !claims.TryGetPayloadValue<string>(name, out _)))
        {
            throw new FranceConnectUnavailableException("The userinfo is not the ID token's person or lacks a pivot identity claim.");
        }

        string Claim(string name) => claims.GetPayloadValue<string>(name);
        return new FranceConnectAuthentication(
            identity.Subject,
            new PivotIdentity(Claim("given_name"), Claim("family_name"), Claim("birthdate"), Claim("gender"), Claim("birthplace"), Claim("birthcountry")),
            identity.TryGetPayloadValue<string>("nonce", out var nonce) ? nonce : string.Empty,
            idToken,
            claims.TryGetPayloadValue<string>("email", out var email) ? email : null);
    }

    public async Task<Uri> LogoutUrlAsync(string idToken, string state, CancellationToken cancellationToken = default)
    {
        var metadata = await MetadataAsync(cancellationToken);
        return WithQuery(metadata.EndSessionEndpoint, new Dictionary<string, string>
        {
            ["id_token_hint"] = idToken,
            ["state"] = state,
            ["post_logout_redirect_uri"] = _registration.PostLogoutRedirectUri.ToString(),
        });
    }

    private async Task<OpenIdConnectConfiguration> MetadataAsync(CancellationToken cancellationToken)
    {
        try
        {
            return await _metadata.GetConfigurationAsync(cancellationToken);
        }
        catch (InvalidOperationException e)
        {
            // IdentityModel wraps every retrieval failure (unreachable, not JSON, no keys) in this exception.
            throw new FranceConnectUnavailableException("FranceConnect's discovery document or keys could not be read.", e);
        }
    }

    private async Task<JsonWebToken> ValidateAsync(string jwt, CancellationToken cancellationToken)
    {
        for (var attempt = 0; ; attempt++)
        {
            var metadata = await MetadataAsync(cancellationToken);
            var result = await _handler.ValidateTokenAsync(jwt, new TokenValidationParameters
            {
                ValidIssuer = metadata.Issuer,
                ValidAudience = _registration.ClientId,
                IssuerSigningKeys = metadata.SigningKeys,
                ValidAlgorithms = FranceConnectRegistration.SigningAlgorithms,
                RequireSignedTokens = true,
            });
            if (result.IsValid)
            {
                return (JsonWebToken)result.SecurityToken;
            }

            if (attempt == 0 && result.Exception is SecurityTokenSignatureKeyNotFoundException)
            {
                _metadata.RequestRefresh();
                continue;
            }

            throw new FranceConnectUnavailableException("A FranceConnect token did not verify.", result.Exception);
        }
    }

    private async Task<HttpResponseMessage> SendAsync(Func<HttpRequestMessage> request, CancellationToken cancellationToken)
    {
        using var message = request();
        try
        {
            var response = await _http.SendAsync(message, cancellationToken);
            if ((int)response.StatusCode >= 500)
            {
                response.Dispose();
                throw new FranceConnectUnavailableException($"FranceConnect answered {(int)response.StatusCode}.");
            }

            return response;
        }
        catch (HttpRequestException e)
        {
            throw new FranceConnectUnavailableException("FranceConnect could not be reached.", e);
        }
        catch (TaskCanceledException e) when (!cancellationToken.IsCancellationRequested)
        {
            throw new FranceConnectUnavailableException("FranceConnect did not answer in time.", e);
        }
    }

    private static async Task<(string IdToken, string AccessToken)> ReadTokensAsync(HttpResponseMessage response, CancellationToken cancellationToken)
    {
        if (response.StatusCode == HttpStatusCode.OK)
        {
            try
            {
                using var json = JsonDocument.Parse(await response.Content.ReadAsStreamAsync(cancellationToken));
                if (json.RootElement.TryGetProperty("id_token", out var id) && id.ValueKind == JsonValueKind.String
                    && json.RootElement.TryGetProperty("access_token", out var access) && access.ValueKind == JsonValueKind.String)
                {
                    return (id.GetString()!, access.GetString()!);
                }
            }
            catch (JsonException)
            {
            }
        }

        throw new FranceConnectUnavailableException($"The token endpoint answered {(int)response.StatusCode} without an ID token and an access token.");
    }

    private static Uri WithQuery(string endpoint, Dictionary<string, string> parameters)
        => new(endpoint + (endpoint.Contains('?', StringComparison.Ordinal) ? "&" : "?")
            + string.Join('&', parameters.Select(p => Uri.EscapeDataString(p.Key) + "=" + Uri.EscapeDataString(p.Value))));
}
