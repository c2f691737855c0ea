using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Microsoft.Extensions.Primitives;
using RecoveryFunctions.Infrastructure.Captcha.CaptchEtat;

namespace RecoveryFunctions.DevServices.CaptchEtat;

/// <summary>
/// The CaptchEtat v2 contract as published (api.gouv.fr's swagger of the API, PISTE's OAuth2 token endpoint), served
/// locally as strictly as documented: the token request form-encoded with grant_type=client_credentials, the
/// configured client id and secret and the scope piste.captchetat (RFC 6749 errors otherwise); a bearer token on
/// every API call, unknown or expired → 401; <c>simple-captcha-endpoint</c> with <c>get</c> in {image, sound}, a
/// documented <c>c</c>, <c>t</c> for sound only, nothing else; <c>valider-captcha</c> with a JSON {uuid, code}
/// (anything else is the documented 405 "Invalid input") answering a JSON boolean. Images and sounds are real
/// (the project's renderer and WAV mixer) of a text the store keeps. Planned faults come first, as a gateway fails.
/// </summary>
public static class LocalCaptchEtatEndpointRouteBuilderExtensions
{
    private static readonly string[] Scopes = ["piste.captchetat", "aife.captchetatv2"];

    public static IEndpointRouteBuilder MapLocalCaptchEtat(this IEndpointRouteBuilder endpoints)
    {
        ArgumentNullException.ThrowIfNull(endpoints);
        endpoints.MapPost(LocalCaptchEtatOptions.TokenPath, TokenAsync);
        endpoints.MapGet(LocalCaptchEtatOptions.ApiBasePath + "/simple-captcha-endpoint", CaptchaAsync);
        endpoints.MapPost(LocalCaptchEtatOptions.ApiBasePath + "/valider-captcha", ValidateAsync);
        return endpoints;
    }

    private static async Task<IResult> TokenAsync(HttpContext context, LocalCaptchEtatOptions options, LocalCaptchEtatStore store, LocalCaptchEtatFaultPlan faults)
    {
        if (await FaultAsync(context, faults.TakeForToken()) is { } failed)
        {
            return failed;
        }

        if (!context.Request.HasFormContentType || !string.Equals(context.Request.ContentType?.Split(';')[0].Trim(), "application/x-www-form-urlencoded", StringComparison.OrdinalIgnoreCase))
        {
            return OAuthError(400, "invalid_request", "The token request must be application/x-www-form-urlencoded.");
        }

        var form = await context.Request.ReadFormAsync(context.RequestAborted);
        // RFC 6749 §3.2: request parameters must not be included more than once.
        if (form.Any(p => p.Value.Count > 1) || Single(form, "grant_type") is not { } grant)
        {
            return OAuthError(400, "invalid_request", "grant_type is required, and no parameter may repeat.");
        }

        if (grant != "client_credentials")
        {
            return OAuthError(400, "unsupported_grant_type", "Only client_credentials is granted.");
        }

        if (!FixedEquals(Single(form, "client_id"), options.ClientId) | !FixedEquals(Single(form, "client_secret"), options.ClientSecret))
        {
            return OAuthError(401, "invalid_client", "Client authentication failed.");
        }

        var scopes = (Single(form, "scope") ?? "").Split(' ', StringSplitOptions.RemoveEmptyEntries);
        if (scopes.Length == 0 || scopes.Any(s => !Scopes.Contains(s, StringComparer.Ordinal)))
        {
            return OAuthError(400, "invalid_scope", "The scope must be piste.captchetat.");
        }

        var (token, lifetime) = store.IssueToken();
        context.Response.Headers.CacheControl = "no-store";
        context.Response.Headers.Pragma = "no-cache";
        return Results.Json(new Dictionary<string, object>
        {
            ["access_token"] = token,
            ["token_type"] = "Bearer",
            ["expires_in"] = (int)lifetime.TotalSeconds,
            ["scope"] = string.Join(' ', scopes),
        });
    }

    private static async Task<IResult> CaptchaAsync(HttpContext context, LocalCaptchEtatStore store, LocalCaptchEtatFaultPlan faults)
    {
        if (await GateAsync(context, store, faults) is { } refused)
        {
            return refused;
        }

        var query = context.Request.Query;
        var known = new[] { "get", "c", "t" };
        if (query.Any(p => !known.Contains(p.Key, StringComparer.Ordinal) || p.Value.Count != 1))
        {
            return Results.Text("Bad request. Mauvais format de la requête.", statusCode: 400);
        }

        var get = Single(query, "get");
        var style = Single(query, "c");
        var uuid = Single(query, "t");
        if (style is null || !CaptchEtatOptions.Styles.Contains(style, StringComparer.Ordinal) || get is not ("image" or "sound") || (get == "image") != (uuid is null))
        {
            return Results.Text("Bad request. Mauvais format de la requête.", statusCode: 400);
        }

        if (get == "image")
        {
            var (id, text) = store.IssueChallenge(style);
            var png = Renderers.Image.RenderPng(text, System.Security.Cryptography.RandomNumberGenerator.GetBytes(32), 1);
            return Results.Json(new Dictionary<string, string> { ["uuid"] = id, ["imageb64"] = Convert.ToBase64String(png) });
        }

        return store.Find(uuid!) is { } spoken
            ? Results.Bytes(Renderers.Audio.RenderWav(spoken, style.EndsWith("EN", StringComparison.Ordinal) ? "en" : "fr"), "audio/x-wav")
            : Results.Text("Not found. Ressource introuvable.", statusCode: 404);
    }

    private static async Task<IResult> ValidateAsync(HttpContext context, LocalCaptchEtatStore store, LocalCaptchEtatFaultPlan faults)
    {
        if (await GateAsync(context, store, faults) is { } refused)
        {
            return refused;
        }

        if (!string.Equals(context.Request.ContentType?.Split(';')[0].Trim(), "application/json", StringComparison.OrdinalIgnoreCase))
        {
            return InvalidInput();
        }

        try
        {
            using var json = await JsonDocument.ParseAsync(context.Request.Body, cancellationToken: context.RequestAborted);
            var root = json.RootElement;
            if (root.ValueKind != JsonValueKind.Object || root.EnumerateObject().Any(p => p.Name is not ("uuid" or "code") || p.Value.ValueKind != JsonValueKind.String)
                || !root.TryGetProperty("uuid", out var uuid) || !root.TryGetProperty("code", out var code))
            {
                return InvalidInput();
            }

            return Results.Text(store.Validate(uuid.GetString()!, code.GetString()!) ? "true" : "false", "application/json");
        }
        catch (JsonException)
        {
            return InvalidInput();
        }
    }

    /// <summary>A planned fault, then the bearer check: what every API call goes through before it is served.</summary>
    private static async Task<IResult?> GateAsync(HttpContext context, LocalCaptchEtatStore store, LocalCaptchEtatFaultPlan faults)
        => await FaultAsync(context, faults.TakeForApi()) ?? Unauthorized(context, store);

    private static IResult? Unauthorized(HttpContext context, LocalCaptchEtatStore store)
    {
        var header = context.Request.Headers.Authorization.ToString();
        if (header.StartsWith("Bearer ", StringComparison.Ordinal) && store.IsValidToken(header["Bearer ".Length..]))
        {
            return null;
        }

        context.Response.Headers.WWWAuthenticate = "Bearer error=\"invalid_token\"";
        return Results.Text("Unauthorized", statusCode: 401);
    }

    private static async Task<IResult?> FaultAsync(HttpContext context, LocalCaptchEtatFault? fault)
    {
        switch (fault?.Kind)
        {
            case LocalCaptchEtatFaultKind.Status:
                return Results.Text("Planned fault", statusCode: fault.StatusCode);
            case LocalCaptchEtatFaultKind.Delay:
                // Real time on purpose: the client's timeout runs on the real clock too.
                await Task.Delay(fault.Duration, context.RequestAborted).ContinueWith(_ => { }, TaskScheduler.Default);
                return context.RequestAborted.IsCancellationRequested ? Results.Empty : null;
            case LocalCaptchEtatFaultKind.Drop:
                context.Abort();
                return Results.Empty;
            case LocalCaptchEtatFaultKind.Garble:
                return Results.Text("<html>maintenance</html>", "text/html", Encoding.UTF8);
            default:
                return null;
        }
    }

    private static IResult InvalidInput() => Results.Text("Invalid input", statusCode: 405);

    private static IResult OAuthError(int status, string error, string description)
        => Results.Json(new Dictionary<string, string> { ["error"] = error, ["error_description"] = description }, statusCode: status);

    private static string? Single(IEnumerable<KeyValuePair<string, StringValues>> values, string key)
        => values.FirstOrDefault(p => p.Key == key).Value is { Count: 1 } value ? value.ToString() : null;

    private static bool FixedEquals(string? a, string b)
        => a is not null && CryptographicOperations.FixedTimeEquals(Encoding.UTF8.GetBytes(a), Encoding.UTF8.GetBytes(b));

    /// <summary>The emulation draws with its own renderers, whatever a test registered for the app's image provider.</summary>
    private static class Renderers
    {
        public static readonly Infrastructure.Captcha.SkiaCaptchaImageRenderer Image = new();
        public static readonly Infrastructure.Captcha.WavCaptchaAudioRenderer Audio = new();
    }
}
