using System.Net;
using System.Text.Json;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using RecoveryFunctions.Core.Captcha;
using RecoveryFunctions.Core.Secrets;

namespace RecoveryFunctions.Infrastructure.Captcha.CaptchEtat;

/// <summary>
/// The PISTE OAuth2 access token (client credentials, scope <c>piste.captchetat</c>, form-encoded as RFC 6749 §4.4
/// and PISTE ask), shared by every call of this instance and kept until shortly before its <c>expires_in</c>. One
/// request at a time refreshes it; a token the API refused (401) is replaced even if not yet due. The client secret
/// is read from the secret source at each refresh, so a rotated secret is picked up without a restart.
/// </summary>
public sealed class CaptchEtatAccessTokens(
    IHttpClientFactory httpClients,
    ISecretSource secrets,
    IOptions<CaptchEtatOptions> options,
    TimeProvider time,
    ILogger<CaptchEtatAccessTokens> logger)
{
    private const string Operation = "token";

    /// <summary>Renewed this long before it expires (or at half its life when shorter), so no call carries a dying token.</summary>
    public static readonly TimeSpan RefreshMargin = TimeSpan.FromSeconds(60);

    private readonly SemaphoreSlim _refresh = new(1, 1);
    private volatile Cached? _current;

    /// <param name="rejected">A token the API just refused: it is not handed out again.</param>
    public async Task<string> GetAsync(string? rejected, CancellationToken cancellationToken = default)
    {
        if (Usable(_current, rejected) is { } token)
        {
            return token;
        }

        await _refresh.WaitAsync(cancellationToken);
        try
        {
            // Another caller may have refreshed it while this one waited.
            if (Usable(_current, rejected) is { } refreshed)
            {
                return refreshed;
            }

            var fresh = await RequestAsync(cancellationToken);
            _current = fresh;
            return fresh.Token;
        }
        finally
        {
            _refresh.Release();
        }
    }

    private string? Usable(Cached? cached, string? rejected)
        => cached is not null && cached.Token != rejected && time.GetUtcNow() < cached.RefreshAt ? cached.Token : null;

    private async Task<Cached> RequestAsync(CancellationToken cancellationToken)
    {
        var settings = options.Value;
        var secret = await secrets.GetSecretAsync(settings.ClientSecretName, cancellationToken);
        if (string.IsNullOrEmpty(secret))
        {
            logger.LogError("CaptchEtat client secret '{SecretName}' is missing from the secret source", settings.ClientSecretName);
            throw new CaptchEtatUnavailableException(Operation, CaptchEtatFailure.Unauthorized);
        }

        using var request = new HttpRequestMessage(HttpMethod.Post, settings.ResolvedTokenUrl)
        {
            Content = new FormUrlEncodedContent(new Dictionary<string, string>
            {
                ["grant_type"] = "client_credentials",
                ["client_id"] = settings.ClientId ?? "",
                ["client_secret"] = secret,
                ["scope"] = CaptchEtatOptions.Scope,
            }),
        };
        var requestedAt = time.GetUtcNow();
        using var response = await CaptchEtatHttpClient.ExchangeAsync(httpClients.CreateClient(CaptchEtatHttpClient.HttpClientName), request, Operation, logger, cancellationToken);

        // RFC 6749 §5.2: a refused client or grant is a 400 or 401; either way these credentials do not work.
        if (response.StatusCode == HttpStatusCode.BadRequest)
        {
            throw CaptchEtatHttpClient.Fail(Operation, CaptchEtatFailure.Unauthorized, response.StatusCode, logger);
        }

        CaptchEtatHttpClient.Require(Operation, response, HttpStatusCode.OK, logger);
        try
        {
            using var json = JsonDocument.Parse(await response.Content.ReadAsByteArrayAsync(cancellationToken));
            var root = json.RootElement;
            if (root.ValueKind == JsonValueKind.Object
                && root.TryGetProperty("access_token", out var token) && token.ValueKind == JsonValueKind.String && token.GetString() is { Length: > 0 } value
                && root.TryGetProperty("expires_in", out var expires) && expires.TryGetInt32(out var seconds) && seconds > 0
                && (!root.TryGetProperty("token_type", out var type) || string.Equals(type.GetString(), "Bearer", StringComparison.OrdinalIgnoreCase)))
            {
                var lifetime = TimeSpan.FromSeconds(seconds);
                var margin = lifetime / 2 < RefreshMargin ? lifetime / 2 : RefreshMargin;
                return new Cached(value, requestedAt + lifetime - margin);
            }
        }
        catch (Exception e) when (e is JsonException or InvalidOperationException)
        {
        }

        throw CaptchEtatHttpClient.Fail(Operation, CaptchEtatFailure.Malformed, response.StatusCode, logger);
    }

    private sealed record Cached(string Token, DateTimeOffset RefreshAt);
}
