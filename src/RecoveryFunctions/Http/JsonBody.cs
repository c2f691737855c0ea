using System.Text.Json;
using Microsoft.AspNetCore.Http;
using RecoveryFunctions.Core.Errors;

namespace RecoveryFunctions.Http;

/// <summary>
/// Reads a request body strictly: JSON content type, at most 16 KiB, sound HTTP framing, no unknown, missing
/// or repeated fields, right types. Every refusal is a <see cref="DomainException"/> with a stable code, never a 500.
/// </summary>
internal static class JsonBody
{
    public const int MaxBytes = 16 * 1024;

    public static async Task<T> ReadAsync<T>(HttpRequest request, CancellationToken cancellationToken = default)
        where T : class
    {
        ArgumentNullException.ThrowIfNull(request);
        if (!IsJson(request.ContentType))
        {
            throw new DomainException(ErrorCodes.UnsupportedMediaType, DomainErrorKind.Validation);
        }

        if (request.ContentLength > MaxBytes)
        {
            throw new DomainException(ErrorCodes.BodyTooLarge, DomainErrorKind.Validation);
        }

        var bytes = await ReadLimitedAsync(request.Body, cancellationToken);
        if (bytes.Length == 0)
        {
            throw new DomainException(ErrorCodes.BodyRequired, DomainErrorKind.Validation);
        }

        try
        {
            return JsonSerializer.Deserialize<T>(bytes, ApiJson.Options) ?? throw new DomainException(ErrorCodes.BodyRequired, DomainErrorKind.Validation);
        }
        catch (JsonException e)
        {
            throw Translate(e);
        }
    }

    private static bool IsJson(string? contentType)
        => contentType is not null
           && (contentType.StartsWith("application/json", StringComparison.OrdinalIgnoreCase)
               || contentType.StartsWith("application/problem+json", StringComparison.OrdinalIgnoreCase));

    private static async Task<byte[]> ReadLimitedAsync(Stream body, CancellationToken cancellationToken)
    {
        // Chunked bodies have no Content-Length: count as we read and stop one byte past the limit.
        using var buffer = new MemoryStream();
        var chunk = new byte[4096];
        int read;
        try
        {
            while ((read = await body.ReadAsync(chunk, cancellationToken)) > 0)
            {
                buffer.Write(chunk, 0, read);
                if (buffer.Length > MaxBytes)
                {
                    throw new DomainException(ErrorCodes.BodyTooLarge, DomainErrorKind.Validation);
                }
            }
        }
        catch (BadHttpRequestException e)
        {
            // The server refused the framing while we read (a bad chunk, chunked with Content-Length, a body cut
            // short): the client's fault, so a 400 with a code rather than the unhandled-exception 500.
            throw new DomainException(e.StatusCode == StatusCodes.Status413PayloadTooLarge ? ErrorCodes.BodyTooLarge : ErrorCodes.BodyFramingInvalid, DomainErrorKind.Validation);
        }
        catch (IOException) when (!cancellationToken.IsCancellationRequested)
        {
            // Behind the Functions host the worker reads a proxied stream: a framing error upstream reaches it as an IO failure.
            throw new DomainException(ErrorCodes.BodyFramingInvalid, DomainErrorKind.Validation);
        }

        return buffer.ToArray();
    }

    private static DomainException Translate(JsonException e)
    {
        var path = string.IsNullOrEmpty(e.Path) ? "$" : e.Path;
        var message = e.Message;
        if (message.Contains("Duplicate property", StringComparison.Ordinal))
        {
            return new DomainException(ErrorCodes.ValidationFailed, DomainErrorKind.Validation, new Dictionary<string, string[]> { [path] = [ErrorCodes.FieldDuplicate] });
        }

        if (message.Contains("could not be mapped", StringComparison.Ordinal))
        {
            return new DomainException(ErrorCodes.ValidationFailed, DomainErrorKind.Validation, new Dictionary<string, string[]> { [path] = [ErrorCodes.FieldUnknown] });
        }

        if (message.Contains("missing required properties", StringComparison.Ordinal) || message.Contains("was missing required", StringComparison.Ordinal))
        {
            return new DomainException(ErrorCodes.ValidationFailed, DomainErrorKind.Validation, MissingFields(message));
        }

        if (message.Contains("could not be converted", StringComparison.Ordinal) || message.Contains("null", StringComparison.OrdinalIgnoreCase))
        {
            return new DomainException(ErrorCodes.ValidationFailed, DomainErrorKind.Validation, new Dictionary<string, string[]> { [path] = [ErrorCodes.FieldInvalidType] });
        }

        return new DomainException(ErrorCodes.BodyMalformed, DomainErrorKind.Validation);
    }

    private static Dictionary<string, string[]> MissingFields(string message)
    {
        // System.Text.Json names the missing properties between single quotes.
        var names = message.Split('\'').Where((_, i) => i % 2 == 1).Where(n => n.Length > 0 && !n.Contains(' ', StringComparison.Ordinal)).ToList();
        if (names.Count == 0)
        {
            names.Add("$");
        }

        return names.ToDictionary(n => "$." + n, _ => new[] { ErrorCodes.FieldRequired });
    }
}
