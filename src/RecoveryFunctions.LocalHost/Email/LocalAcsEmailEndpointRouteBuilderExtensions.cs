using System.Globalization;
using System.Net.Mail;
using System.Text.Json;
using Microsoft.AspNetCore.Http.Features;

namespace RecoveryFunctions.LocalHost.Email;

/// <summary>
/// The Azure Communication Services Email REST contract, served locally: POST /emails:send and
/// GET /emails/operations/{id}, both HMAC-checked; accepted messages become .eml files in the mailbox directory.
/// </summary>
public static class LocalAcsEmailEndpointRouteBuilderExtensions
{
    private const int MaxBodyBytes = 10 * 1024 * 1024;

    public static IEndpointRouteBuilder MapLocalAcsEmail(this IEndpointRouteBuilder endpoints)
    {
        ArgumentNullException.ThrowIfNull(endpoints);
        endpoints.MapPost("/emails:send", SendAsync);
        endpoints.MapGet("/emails/operations/{operationId}", GetOperationAsync);
        return endpoints;
    }

    private static async Task<IResult> SendAsync(HttpContext context, LocalAcsHmacVerifier verifier, LocalAcsFaultPlan faults, LocalAcsEmailStore store)
    {
        var body = await ReadBodyAsync(context.Request, context.RequestAborted);
        if (body is null)
        {
            return Error(413, "RequestEntityTooLarge", "The request body is too large.");
        }

        var denied = Authenticate(context, verifier, body);
        if (denied is not null)
        {
            return denied;
        }

        if (string.IsNullOrEmpty(context.Request.Query["api-version"]))
        {
            return Error(400, "MissingApiVersionParameter", "The api-version query parameter is required.");
        }

        if (faults.TryTake(out var fault) && fault is not null)
        {
            if (fault.RetryAfter is { } retryAfter)
            {
                context.Response.Headers.RetryAfter = ((int)Math.Ceiling(retryAfter.TotalSeconds)).ToString(CultureInfo.InvariantCulture);
            }

            return Error(fault.StatusCode, fault.StatusCode == 429 ? "TooManyRequests" : "InjectedFault", "Planned by LocalAcsFaultPlan.");
        }

        string operationId;
        var header = context.Request.Headers["Operation-Id"].ToString();
        if (header.Length == 0)
        {
            operationId = Guid.NewGuid().ToString("D");
        }
        else if (Guid.TryParse(header, out var parsed))
        {
            // Normalised, and safe to use in a file name.
            operationId = parsed.ToString("D");
        }
        else
        {
            return Error(400, "InvalidOperationId", "Operation-Id must be a UUID.");
        }

        var (message, problem) = Parse(body);
        if (message is null)
        {
            return Error(400, "BadRequest", problem ?? "The request body is invalid.");
        }

        var operation = store.Accept(operationId, message);
        context.Response.Headers["Operation-Location"] =
            $"{context.Request.Scheme}://{context.Request.Host}/emails/operations/{operation.Id}?api-version={context.Request.Query["api-version"]}";
        context.Response.Headers.RetryAfter = "1";
        return Results.Json(new { id = operation.Id, status = "Running" }, statusCode: 202);
    }

    private static async Task<IResult> GetOperationAsync(HttpContext context, string operationId, LocalAcsHmacVerifier verifier, LocalAcsEmailStore store)
    {
        var body = await ReadBodyAsync(context.Request, context.RequestAborted) ?? [];
        var denied = Authenticate(context, verifier, body);
        if (denied is not null)
        {
            return denied;
        }

        var operation = Guid.TryParse(operationId, out var id) ? store.Find(id.ToString("D")) : null;
        return operation is null
            ? Error(404, "NotFound", "No such operation.")
            : Results.Json(new { id = operation.Id, status = "Succeeded" });
    }

    private static IResult? Authenticate(HttpContext context, LocalAcsHmacVerifier verifier, byte[] body)
    {
        var request = context.Request;

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
            request.Headers.Authorization.ToString(),
            body);
        return reason is null ? null : Error(401, "Denied", reason);
    }

    /// <returns>The body, or null when it is larger than the service accepts.</returns>
    private static async Task<byte[]?> ReadBodyAsync(HttpRequest request, CancellationToken cancellationToken)
    {
        using var buffer = new MemoryStream();
        var chunk = new byte[16 * 1024];
        int read;
        while ((read = await request.Body.ReadAsync(chunk, cancellationToken)) > 0)
        {
            if (buffer.Length + read > MaxBodyBytes)
            {
                return null;
            }

            buffer.Write(chunk, 0, read);
        }

        return buffer.ToArray();
    }

    /// <summary>Validates the send body as the service would; control characters are refused in headers-to-be.</summary>
    private static (LocalAcsEmailMessage? Message, string? Problem) Parse(byte[] body)
    {
        try
        {
            using var document = JsonDocument.Parse(body);
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object)
            {
                return (null, "The body must be a JSON object.");
            }

            var sender = GetString(root, "senderAddress");
            if (!IsAddress(sender))
            {
                return (null, "senderAddress must be an email address.");
            }

            if (!root.TryGetProperty("content", out var content) || content.ValueKind != JsonValueKind.Object)
            {
                return (null, "content is required.");
            }

            var subject = GetString(content, "subject");
            if (string.IsNullOrWhiteSpace(subject) || subject.Any(char.IsControl))
            {
                return (null, "content.subject is required and must be a single line.");
            }

            var plainText = GetString(content, "plainText");
            var html = GetString(content, "html");
            if (string.IsNullOrEmpty(plainText) && string.IsNullOrEmpty(html))
            {
                return (null, "content.plainText or content.html is required.");
            }

            if (!root.TryGetProperty("recipients", out var recipients) || recipients.ValueKind != JsonValueKind.Object
                || !recipients.TryGetProperty("to", out var toList) || toList.ValueKind != JsonValueKind.Array)
            {
                return (null, "recipients.to is required.");
            }

            var to = new List<string>();
            foreach (var recipient in toList.EnumerateArray())
            {
                var address = recipient.ValueKind == JsonValueKind.Object ? GetString(recipient, "address") : null;
                if (!IsAddress(address))
                {
                    return (null, "Every recipients.to entry needs a valid address.");
                }

                to.Add(address!);
            }

            if (to.Count is 0 or > 50)
            {
                return (null, "recipients.to must hold 1 to 50 addresses.");
            }

            return (new LocalAcsEmailMessage(sender!, to, subject, plainText, html), null);
        }
        catch (JsonException)
        {
            return (null, "The body is not valid JSON.");
        }
    }

    private static string? GetString(JsonElement element, string name) =>
        element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;

    private static bool IsAddress(string? value) =>
        !string.IsNullOrWhiteSpace(value)
        && !value.Any(c => char.IsControl(c) || char.IsWhiteSpace(c) || c is '<' or '>' or ',')
        && MailAddress.TryCreate(value, out var parsed)
        && parsed.Address == value;

    private static IResult Error(int status, string code, string message) =>
        Results.Json(new { error = new { code, message } }, statusCode: status);
}
