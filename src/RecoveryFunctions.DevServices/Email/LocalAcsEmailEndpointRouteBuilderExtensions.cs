using System.Globalization;
using System.Security.Cryptography;
using Microsoft.AspNetCore.Http.Features;

namespace RecoveryFunctions.DevServices.Email;

/// <summary>
/// The Azure Communication Services Email REST contract (api-version 2025-09-01), served locally and as strictly as
/// documented: POST /emails:send and GET /emails/operations/{id}, HMAC-SHA256 or Entra ID bearer authentication,
/// the api-version, the EmailMessage schema (no unknown field, at most 50 recipients, 10 MB), the repeatability rules
/// of Email Send, the sending and status-read quotas (429 + Retry-After), the status progression with retry-after,
/// Operation-Location on the configured public URL, and planned faults on both routes. Accepted messages become .eml
/// files in the mailbox directory.
/// </summary>
public static class LocalAcsEmailEndpointRouteBuilderExtensions
{
    public static IEndpointRouteBuilder MapLocalAcsEmail(this IEndpointRouteBuilder endpoints)
    {
        ArgumentNullException.ThrowIfNull(endpoints);
        endpoints.MapPost("/emails:send", SendAsync);
        endpoints.MapGet("/emails/operations/{operationId}", GetOperationAsync);
        return endpoints;
    }

    private static async Task<IResult> SendAsync(HttpContext context, LocalAcsEmailOptions options, LocalAcsHmacVerifier verifier, ILocalAcsFaultSource faults, LocalAcsEmailStore store)
    {
        var body = await ReadBodyAsync(context.Request, options.MaxRequestBytes, context.RequestAborted);
        if (body is null)
        {
            return Error(context, 413, "RequestEntityTooLarge", $"The request is larger than {options.MaxRequestBytes} bytes.");
        }

        var denied = await AuthenticateAsync(context, verifier, body) ?? ApiVersion(context, options);
        if (denied is not null)
        {
            return denied;
        }

        var time = store.Time;
        var now = time.GetUtcNow();
        store.CountSend(context.Request, now);
        var repeatable = RepeatabilityOf(context.Request, options, now, out var refused);
        if (refused is not null)
        {
            return refused(context);
        }

        var key = repeatable is null ? "send" : "send " + repeatable.Value.ToString("D");
        store.CheckNotEarly(key, now);
        LocalAcsRepeatableRequest? tracked = null;
        if (repeatable is { } requestId)
        {
            var (request, isRepeat) = store.Track(requestId, Convert.ToBase64String(SHA256.HashData(body)), now);
            if (isRepeat)
            {
                return Repeat(context, options, store, request, body, now);
            }

            tracked = request;
        }

        var fault = faults.TakeForSend();
        if (fault is { Kind: LocalAcsFaultKind.Status })
        {
            return Refuse(context, store, tracked, key, now, fault.StatusCode, fault.RetryAfter, options);
        }

        if (store.SendQuota.TryTake(now) is { } wait)
        {
            return Refuse(context, store, tracked, key, now, 429, wait, options);
        }

        var (message, problem) = LocalAcsMessageParser.Parse(body, options.MaxRecipients, context.Request.Query["api-version"].ToString());
        if (message is null)
        {
            Record(tracked, new LocalAcsRecordedAnswer(400, null, "BadRequest", problem));
            return Error(context, 400, "BadRequest", problem ?? "The request body is invalid.");
        }

        var operationId = OperationIdOf(context.Request);
        if (operationId is null)
        {
            Record(tracked, new LocalAcsRecordedAnswer(400, null, "InvalidOperationId", "Operation-Id must be a UUID."));
            return Error(context, 400, "InvalidOperationId", "Operation-Id must be a UUID.");
        }

        if (fault is { Kind: LocalAcsFaultKind.Hold })
        {
            // In progress meanwhile: a repeat of this request gets 409.
            await Task.Delay(fault.Duration, time, context.RequestAborted);
        }

        var operation = store.Accept(operationId, message, fails: fault is { Kind: LocalAcsFaultKind.FailDelivery });
        Record(tracked, new LocalAcsRecordedAnswer(202, operation.Id, null, null));
        store.Told(key, now, null);
        if (fault is { Kind: LocalAcsFaultKind.LoseResponse })
        {
            // Accepted, then the response never reaches the client.
            context.Abort();
            return Results.Empty;
        }

        return Accepted(context, options, store, operation, time.GetUtcNow());
    }

    private static async Task<IResult> GetOperationAsync(HttpContext context, string operationId, LocalAcsEmailOptions options, LocalAcsHmacVerifier verifier, ILocalAcsFaultSource faults, LocalAcsEmailStore store)
    {
        var denied = await AuthenticateAsync(context, verifier, await ReadBodyAsync(context.Request, options.MaxRequestBytes, context.RequestAborted) ?? []) ?? ApiVersion(context, options);
        if (denied is not null)
        {
            return denied;
        }

        var now = store.Time.GetUtcNow();
        store.CountStatusRead(operationId, now);
        var key = "status " + operationId;
        store.CheckNotEarly(key, now);
        if (faults.TakeForStatusRead() is { } fault)
        {
            return Refuse(context, store, null, key, now, fault.StatusCode, fault.RetryAfter, options);
        }

        if (store.StatusQuota.TryTake(now) is { } wait)
        {
            return Refuse(context, store, null, key, now, 429, wait, options);
        }

        var operation = Guid.TryParse(operationId, out var id) ? store.Find(id.ToString("D")) : null;
        if (operation is null)
        {
            store.Told(key, now, null);
            return Error(context, 404, "NotFound", "No such operation.");
        }

        var status = operation.StatusAt(now, options);
        var terminal = status is "Succeeded" or "Failed";
        store.Told(key, now, terminal ? null : options.StatusRetryAfter);
        if (!terminal)
        {
            SetRetryAfter(context.Response, options.StatusRetryAfter, options);
        }

        return Results.Json(StatusBody(operation, status));
    }

    /// <summary>A repeat of a tracked request: 400 when the body differs, 409 while the first is in progress, else the first's answer.</summary>
    private static IResult Repeat(HttpContext context, LocalAcsEmailOptions options, LocalAcsEmailStore store, LocalAcsRepeatableRequest request, byte[] body, DateTimeOffset now)
    {
        if (request.BodyHash != Convert.ToBase64String(SHA256.HashData(body)))
        {
            return Error(context, 400, "RepeatabilityRequestMismatch", "A request with this Repeatability-Request-ID but another body was already received.");
        }

        var answer = request.Answer;
        if (answer is null)
        {
            return Error(context, 409, "RepeatabilityRequestInProgress", "The first request with this Repeatability-Request-ID is still in progress.");
        }

        if (answer.StatusCode == 202 && answer.OperationId is { } id && store.Find(id) is { } operation)
        {
            return Accepted(context, options, store, operation, now);
        }

        return Error(context, answer.StatusCode, answer.ErrorCode ?? "BadRequest", answer.ErrorMessage ?? "Repeated request.");
    }

    private static IResult Accepted(HttpContext context, LocalAcsEmailOptions options, LocalAcsEmailStore store, LocalAcsOperation operation, DateTimeOffset now)
    {
        var status = operation.StatusAt(now, options);
        context.Response.Headers["Operation-Location"] =
            $"{options.PublicBaseUrl.TrimEnd('/')}/emails/operations/{operation.Id}?api-version={context.Request.Query["api-version"]}";
        if (status is not ("Succeeded" or "Failed"))
        {
            SetRetryAfter(context.Response, options.StatusRetryAfter, options);
            store.Told("status " + operation.Id, now, options.StatusRetryAfter);
        }

        return Results.Json(StatusBody(operation, status), statusCode: 202);
    }

    private static object StatusBody(LocalAcsOperation operation, string status) => status == "Failed"
        ? new { id = operation.Id, status, error = new { code = "EmailDroppedAllRecipientsSuppressed", message = "Planned fault." } }
        : new { id = operation.Id, status };

    /// <summary>A 429 or planned fault: the service keeps no answer for it, so its repeat is executed again.</summary>
    private static IResult Refuse(HttpContext context, LocalAcsEmailStore store, LocalAcsRepeatableRequest? tracked, string key, DateTimeOffset now, int statusCode, TimeSpan? retryAfter, LocalAcsEmailOptions options)
    {
        if (tracked is not null)
        {
            if (statusCode is 429 or >= 500)
            {
                store.Forget(tracked.Id);
            }
            else
            {
                Record(tracked, new LocalAcsRecordedAnswer(statusCode, null, "InjectedFault", "Planned fault."));
            }
        }

        if (statusCode == 429)
        {
            store.CountThrottled();
        }

        if (retryAfter is { } delay)
        {
            SetRetryAfter(context.Response, delay, options);
        }

        store.Told(key, now, retryAfter);
        return statusCode == 429
            ? Error(context, 429, "TooManyRequests", "The sending or status-read quota of this resource is used up; retry after the Retry-After delay.")
            : Error(context, statusCode, "InjectedFault", "Planned fault.");
    }

    private static void Record(LocalAcsRepeatableRequest? tracked, LocalAcsRecordedAnswer answer)
    {
        if (tracked is not null)
        {
            tracked.Answer = answer;
        }
    }

    /// <summary>Reads Repeatability-Request-ID and Repeatability-First-Sent; both or neither (then nothing is deduplicated).</summary>
    private static Guid? RepeatabilityOf(HttpRequest request, LocalAcsEmailOptions options, DateTimeOffset now, out Func<HttpContext, IResult>? refused)
    {
        refused = null;
        var id = request.Headers["Repeatability-Request-ID"].ToString();
        var firstSent = request.Headers["Repeatability-First-Sent"].ToString();
        if (id.Length == 0 && firstSent.Length == 0)
        {
            return null;
        }

        if (!Guid.TryParse(id, out var requestId)
            || !DateTimeOffset.TryParseExact(firstSent, "r", CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var sentAt))
        {
            refused = c => Error(c, 400, "InvalidRepeatabilityHeaders", "Repeatability-Request-ID must be a UUID and Repeatability-First-Sent an IMF-fixdate.");
            return null;
        }

        if (now - sentAt > options.RepeatabilityWindow || sentAt - now > options.AllowedClockSkew)
        {
            refused = c => Error(c, 412, "RepeatabilityFirstSentOutsideWindow", "Repeatability first sent header was not in the tracked window.");
            return null;
        }

        return requestId;
    }

    private static string? OperationIdOf(HttpRequest request)
    {
        var header = request.Headers["Operation-Id"].ToString();
        if (header.Length == 0)
        {
            return Guid.NewGuid().ToString("D");
        }

        // Normalised, and safe to use in a file name.
        return Guid.TryParse(header, out var parsed) ? parsed.ToString("D") : null;
    }

    private static IResult? ApiVersion(HttpContext context, LocalAcsEmailOptions options)
    {
        var version = context.Request.Query["api-version"].ToString();
        if (version.Length == 0)
        {
            return Error(context, 400, "MissingApiVersionParameter", "The api-version query parameter (?api-version=) is required for all requests.");
        }

        return options.ApiVersions.Contains(version, StringComparer.Ordinal)
            ? null
            : Error(context, 400, "UnsupportedApiVersionValue", $"Unsupported api-version '{version}'. The supported versions are '{string.Join(", ", options.ApiVersions)}'.");
    }

    private static async Task<IResult?> AuthenticateAsync(HttpContext context, LocalAcsHmacVerifier verifier, byte[] body)
    {
        var request = context.Request;
        var authorization = request.Headers.Authorization.ToString();
        if (authorization.StartsWith("Bearer ", StringComparison.Ordinal))
        {
            var bearer = context.RequestServices.GetRequiredService<LocalAcsBearerVerifier>();
            var problem = await bearer.VerifyAsync(authorization["Bearer ".Length..].Trim());
            return problem is null ? null : Error(context, 401, "Denied", problem);
        }

        // The raw target is what the client signed: path and query exactly as sent.
        var target = context.Features.Get<IHttpRequestFeature>()?.RawTarget;
        if (string.IsNullOrEmpty(target))
        {
            target = request.Path.ToUriComponent() + request.QueryString.ToUriComponent();
        }

        var reason = verifier.Verify(
            request.Method,
            target,
            request.Headers.Host.ToString(),
            request.Headers["x-ms-date"].ToString(),
            request.Headers["x-ms-content-sha256"].FirstOrDefault(),
            authorization,
            body);
        return reason is null ? null : Error(context, 401, "Denied", reason);
    }

    /// <returns>The body, or null when it is larger than the service accepts.</returns>
    private static async Task<byte[]?> ReadBodyAsync(HttpRequest request, int maxBytes, CancellationToken cancellationToken)
    {
        using var buffer = new MemoryStream();
        var chunk = new byte[16 * 1024];
        int read;
        while ((read = await request.Body.ReadAsync(chunk, cancellationToken)) > 0)
        {
            if (buffer.Length + read > maxBytes)
            {
                return null;
            }

            buffer.Write(chunk, 0, read);
        }

        return buffer.ToArray();
    }

    /// <summary>Whole seconds as the service sends them; with a time scale, also the exact delay as retry-after-ms.</summary>
    private static void SetRetryAfter(HttpResponse response, TimeSpan delay, LocalAcsEmailOptions options)
    {
        response.Headers.RetryAfter = ((long)Math.Ceiling(delay.TotalSeconds)).ToString(CultureInfo.InvariantCulture);
        if (options.TimeScale != 1)
        {
            response.Headers["retry-after-ms"] = ((long)Math.Ceiling(delay.TotalMilliseconds)).ToString(CultureInfo.InvariantCulture);
        }
    }

    /// <summary>The service's error shape: ErrorResponse body and the x-ms-error-code header.</summary>
    private static IResult Error(HttpContext context, int status, string code, string message)
    {
        context.Response.Headers["x-ms-error-code"] = code;
        return Results.Json(new { error = new { code, message } }, statusCode: status);
    }
}
