using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using RecoveryFunctions.Core.Captcha;

namespace RecoveryFunctions.Infrastructure.Captcha.CaptchEtat;

/// <summary>
/// <see cref="ICaptchEtatClient"/> on the CaptchEtat v2 REST API behind PISTE (api.gouv.fr's published swagger,
/// basePath <c>/piste/captchetat/v2</c>): <c>GET simple-captcha-endpoint?get=image&amp;c=</c> (JSON <c>uuid</c>,
/// <c>imageb64</c>), <c>GET simple-captcha-endpoint?get=sound&amp;c=&amp;t=</c> (audio/x-wav bytes) and
/// <c>POST valider-captcha {uuid, code}</c> (JSON boolean), each with the bearer token of
/// <see cref="CaptchEtatAccessTokens"/>. A 401 gets one fresh token and one retry; anything that is not a
/// well-formed documented answer becomes a <see cref="CaptchEtatUnavailableException"/>. Nothing here retries
/// otherwise: a person is waiting, and the step fails closed.
/// </summary>
public sealed class CaptchEtatHttpClient(
    IHttpClientFactory httpClients,
    CaptchEtatAccessTokens tokens,
    IOptions<CaptchEtatOptions> options,
    ILogger<CaptchEtatHttpClient> logger) : ICaptchEtatClient
{
    /// <summary>Name of the HttpClient (timeout and handler set where it is registered).</summary>
    public const string HttpClientName = "CaptchEtat";

    private static readonly byte[] PngSignature = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A];

    public async Task<CaptchEtatImage> GetImageAsync(CancellationToken cancellationToken = default)
    {
        const string Operation = "image";
        using var response = await SendAsync(Operation, () => Get($"simple-captcha-endpoint?get=image&c={Uri.EscapeDataString(options.Value.Style)}", "application/json"), cancellationToken);
        Require(Operation, response, HttpStatusCode.OK);
        var body = await response.Content.ReadAsByteArrayAsync(cancellationToken);
        try
        {
            using var json = JsonDocument.Parse(body);
            if (json.RootElement.ValueKind == JsonValueKind.Object
                && json.RootElement.TryGetProperty("uuid", out var uuid) && uuid.ValueKind == JsonValueKind.String
                && json.RootElement.TryGetProperty("imageb64", out var image) && image.ValueKind == JsonValueKind.String
                && DecodePng(image.GetString()!) is { } png)
            {
                return new CaptchEtatImage(uuid.GetString()!, png);
            }
        }
        catch (JsonException)
        {
        }

        throw Fail(Operation, CaptchEtatFailure.Malformed, response.StatusCode);
    }

    public async Task<byte[]?> GetSoundAsync(string uuid, CancellationToken cancellationToken = default)
    {
        const string Operation = "sound";
        using var response = await SendAsync(
            Operation,
            () => Get($"simple-captcha-endpoint?get=sound&c={Uri.EscapeDataString(options.Value.Style)}&t={Uri.EscapeDataString(uuid)}", "audio/x-wav"),
            cancellationToken);
        if (response.StatusCode == HttpStatusCode.NotFound)
        {
            return null;
        }

        Require(Operation, response, HttpStatusCode.OK);
        var wav = await response.Content.ReadAsByteArrayAsync(cancellationToken);
        return IsWav(wav) ? wav : throw Fail(Operation, CaptchEtatFailure.Malformed, response.StatusCode);
    }

    public async Task<bool> ValidateAsync(string uuid, string code, CancellationToken cancellationToken = default)
    {
        const string Operation = "validate";
        var payload = JsonSerializer.SerializeToUtf8Bytes(new Dictionary<string, string> { ["uuid"] = uuid, ["code"] = code });
        using var response = await SendAsync(Operation, () => new HttpRequestMessage(HttpMethod.Post, new Uri(options.Value.ResolvedApiBaseUrl, "valider-captcha"))
        {
            Content = new ByteArrayContent(payload) { Headers = { ContentType = new MediaTypeHeaderValue("application/json") } },
            Headers = { Accept = { new MediaTypeWithQualityHeaderValue("application/json") } },
        }, cancellationToken);

        // The swagger lists 404 (not found) for this operation: a uuid the service no longer knows is a wrong answer.
        if (response.StatusCode == HttpStatusCode.NotFound)
        {
            return false;
        }

        Require(Operation, response, HttpStatusCode.OK);
        var body = Encoding.UTF8.GetString(await response.Content.ReadAsByteArrayAsync(cancellationToken)).Trim();
        return body switch
        {
            "true" => true,
            "false" => false,
            _ => throw Fail(Operation, CaptchEtatFailure.Malformed, response.StatusCode),
        };
    }

    /// <summary>
    /// One exchange with the bearer token; on a 401 the token is replaced once and the request sent again, since
    /// PISTE may revoke a token before its announced expiry. Transport failures and timeouts become failures here.
    /// </summary>
    private async Task<HttpResponseMessage> SendAsync(string operation, Func<HttpRequestMessage> request, CancellationToken cancellationToken)
    {
        string? rejected = null;
        for (var attempt = 1; ; attempt++)
        {
            var token = await tokens.GetAsync(rejected, cancellationToken);
            using var message = request();
            message.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
            var response = await ExchangeAsync(httpClients.CreateClient(HttpClientName), message, operation, logger, cancellationToken);
            if (response.StatusCode != HttpStatusCode.Unauthorized)
            {
                return response;
            }

            response.Dispose();
            if (attempt == 2)
            {
                throw Fail(operation, CaptchEtatFailure.Unauthorized, HttpStatusCode.Unauthorized);
            }

            rejected = token;
        }
    }

    /// <summary>Sends <paramref name="message"/>; unreachable and timed-out exchanges are <see cref="CaptchEtatUnavailableException"/>s.</summary>
    internal static async Task<HttpResponseMessage> ExchangeAsync(HttpClient http, HttpRequestMessage message, string operation, ILogger logger, CancellationToken cancellationToken)
    {
        try
        {
            return await http.SendAsync(message, cancellationToken);
        }
        catch (TaskCanceledException e) when (!cancellationToken.IsCancellationRequested)
        {
            // HttpClient.Timeout (set from Captcha:CaptchEtat:Timeout) elapsed.
            throw Fail(operation, CaptchEtatFailure.Timeout, null, logger, e);
        }
        catch (HttpRequestException e)
        {
            throw Fail(operation, CaptchEtatFailure.Unreachable, null, logger, e);
        }
    }

    /// <summary>The failure a non-<paramref name="expected"/> status stands for.</summary>
    internal static void Require(string operation, HttpResponseMessage response, HttpStatusCode expected, ILogger? logger = null)
    {
        if (response.StatusCode == expected)
        {
            return;
        }

        var failure = (int)response.StatusCode switch
        {
            401 or 403 => CaptchEtatFailure.Unauthorized,
            429 => CaptchEtatFailure.Throttled,
            >= 500 => CaptchEtatFailure.ServerError,
            _ => CaptchEtatFailure.Refused,
        };
        throw Fail(operation, failure, response.StatusCode, logger);
    }

    internal static CaptchEtatUnavailableException Fail(string operation, CaptchEtatFailure failure, HttpStatusCode? status, ILogger? logger = null, Exception? inner = null)
    {
        // Operation, reason and status only: never the uuid, the code or a token.
        logger?.LogWarning(inner, "CaptchEtat {Operation} failed: {Failure} (HTTP {Status})", operation, failure, status is { } s ? (int)s : null);
        return new CaptchEtatUnavailableException(operation, failure, inner);
    }

    private CaptchEtatUnavailableException Fail(string operation, CaptchEtatFailure failure, HttpStatusCode? status) => Fail(operation, failure, status, logger);

    private void Require(string operation, HttpResponseMessage response, HttpStatusCode expected) => Require(operation, response, expected, logger);

    private HttpRequestMessage Get(string relative, string accept) => new(HttpMethod.Get, new Uri(options.Value.ResolvedApiBaseUrl, relative))
    {
        Headers = { Accept = { new MediaTypeWithQualityHeaderValue(accept) } },
    };

    /// <summary>The swagger's example is bare base64; a <c>data:image/png;base64,</c> prefix is taken off when present.</summary>
    private static byte[]? DecodePng(string imageb64)
    {
        var comma = imageb64.StartsWith("data:", StringComparison.Ordinal) ? imageb64.IndexOf(',', StringComparison.Ordinal) : -1;
        try
        {
            var png = Convert.FromBase64String(comma < 0 ? imageb64 : imageb64[(comma + 1)..]);
            return png.AsSpan().StartsWith(PngSignature) ? png : null;
        }
        catch (FormatException)
        {
            return null;
        }
    }

    private static bool IsWav(byte[] wav)
        => wav.Length > 44 && wav.AsSpan(0, 4).SequenceEqual("RIFF"u8) && wav.AsSpan(8, 4).SequenceEqual("WAVE"u8);
}
