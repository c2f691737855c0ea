using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using Microsoft.AspNetCore.Http;
using RecoveryFunctions.Core.Errors;

namespace RecoveryFunctions.Http;

/// <summary>
/// Reads a request body strictly: JSON content type, at most 16 KiB, sound HTTP framing, no unknown, missing
/// or repeated fields, right types. Every refusal is a <see cref="DomainException"/> with a stable code, never a 500.
/// Refusals are classified structurally (a parse, then a walk of the record's JSON contract), never by the wording
/// of a serializer message.
/// </summary>
internal static class JsonBody
{
    public const int MaxBytes = 16 * 1024;

    /// <summary>Field codes of the JSON shape itself; only this reader raises them.</summary>
    public const string FieldUnknown = "field-unknown";

    public const string FieldDuplicate = "field-duplicate";

    // Syntax as strict as the serializer's: no comments, no trailing commas. Repeated names are let through here and
    // reported as a field error by the shape check.
    private static readonly JsonDocumentOptions DocumentOptions = new()
    {
        AllowTrailingCommas = false,
        CommentHandling = JsonCommentHandling.Disallow,
        AllowDuplicateProperties = true,
    };

    public static async Task<T> ReadAsync<T>(HttpRequest request, CancellationToken cancellationToken = default)
        where T : class
    {
        ArgumentNullException.ThrowIfNull(request);
        if (!IsJson(request.ContentType))
        {
            throw new DomainException(HttpProblemCodes.UnsupportedMediaType);
        }

        if (request.ContentLength > MaxBytes)
        {
            throw new DomainException(HttpProblemCodes.BodyTooLarge);
        }

        var bytes = await ReadLimitedAsync(request.Body, cancellationToken);
        if (bytes.Length == 0)
        {
            throw new DomainException(HttpProblemCodes.BodyRequired);
        }

        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(bytes, DocumentOptions);
        }
        catch (JsonException)
        {
            throw new DomainException(HttpProblemCodes.BodyMalformed);
        }

        using (document)
        {
            if (document.RootElement.ValueKind == JsonValueKind.Null)
            {
                throw new DomainException(HttpProblemCodes.BodyRequired);
            }

            CheckShape(document.RootElement, ApiJson.Options.GetTypeInfo(typeof(T)), "$");
            try
            {
                return document.RootElement.Deserialize<T>(ApiJson.Options) ?? throw new DomainException(HttpProblemCodes.BodyRequired);
            }
            catch (JsonException e)
            {
                // The shape check covers the records' scalar types; anything it lets through that a converter still
                // refuses is a value of the wrong type, and the exception's path names it.
                throw Invalid(string.IsNullOrEmpty(e.Path) ? "$" : e.Path, FieldCodes.FieldInvalidType);
            }
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
                    throw new DomainException(HttpProblemCodes.BodyTooLarge);
                }
            }
        }
        catch (BadHttpRequestException e)
        {
            // The server refused the framing while we read (a bad chunk size, suffix or extension, a chunk longer than
            // declared, a body cut short): the client's fault, so a 400 with a code rather than the unhandled-exception
            // 500. Transfer-Encoding beside Content-Length never gets this far (AmbiguousFramingMiddleware).
            throw new DomainException(e.StatusCode == StatusCodes.Status413PayloadTooLarge ? HttpProblemCodes.BodyTooLarge : HttpProblemCodes.BodyFramingInvalid);
        }
        catch (IOException) when (!cancellationToken.IsCancellationRequested)
        {
            // Behind the Functions host the worker reads a proxied stream: a framing error upstream reaches it as an IO failure.
            throw new DomainException(HttpProblemCodes.BodyFramingInvalid);
        }

        return buffer.ToArray();
    }

    /// <summary>
    /// Checks the document against the record's contract in document order, the order System.Text.Json would meet
    /// the problems in: a repeated or unknown name, then a value of the wrong type, then, at the end of the object,
    /// every required property missing at once.
    /// </summary>
    private static void CheckShape(JsonElement element, JsonTypeInfo contract, string path)
    {
        if (element.ValueKind != JsonValueKind.Object)
        {
            throw Invalid(path, FieldCodes.FieldInvalidType);
        }

        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var property in element.EnumerateObject())
        {
            var at = Child(path, property.Name);
            if (!seen.Add(property.Name))
            {
                throw Invalid(at, FieldDuplicate);
            }

            var declared = contract.Properties.FirstOrDefault(p => string.Equals(p.Name, property.Name, StringComparison.Ordinal))
                ?? throw Invalid(at, FieldUnknown);
            CheckValue(property.Value, declared, at);
        }

        var missing = contract.Properties.Where(p => IsRequired(p) && !seen.Contains(p.Name)).ToList();
        if (missing.Count > 0)
        {
            throw new DomainException(ProblemCode.ValidationFailed, missing.ToDictionary(p => Child(path, p.Name), _ => new[] { FieldCodes.FieldRequired }, StringComparer.Ordinal));
        }
    }

    private static void CheckValue(JsonElement value, JsonPropertyInfo declared, string path)
    {
        var type = Nullable.GetUnderlyingType(declared.PropertyType) ?? declared.PropertyType;
        if (value.ValueKind == JsonValueKind.Null)
        {
            if (!IsNullable(declared))
            {
                throw Invalid(path, FieldCodes.FieldInvalidType);
            }

            return;
        }

        var fits = type == typeof(string) ? value.ValueKind == JsonValueKind.String
            : type == typeof(int) ? value.ValueKind == JsonValueKind.Number && value.TryGetInt32(out _)
            : type == typeof(long) ? value.ValueKind == JsonValueKind.Number && value.TryGetInt64(out _)
            : type == typeof(bool) ? value.ValueKind is JsonValueKind.True or JsonValueKind.False
            : type.IsEnum || type == typeof(DateTimeOffset) ? value.ValueKind == JsonValueKind.String
            : true;
        if (!fits)
        {
            throw Invalid(path, FieldCodes.FieldInvalidType);
        }

        var nested = ApiJson.Options.GetTypeInfo(type);
        if (nested.Kind == JsonTypeInfoKind.Object && type != typeof(object))
        {
            CheckShape(value, nested, path);
        }
    }

    // A constructor parameter without a default is required (RespectRequiredConstructorParameters), as is a `required` member.
    private static bool IsRequired(JsonPropertyInfo property)
        => property.IsRequired || (ApiJson.Options.RespectRequiredConstructorParameters && property.AssociatedParameter is { HasDefaultValue: false });

    private static bool IsNullable(JsonPropertyInfo property)
        => Nullable.GetUnderlyingType(property.PropertyType) is not null
           || (property.AssociatedParameter is { } parameter ? parameter.IsNullable : property.IsSetNullable);

    // System.Text.Json's path syntax: dot notation for plain names, bracket notation otherwise.
    private static string Child(string path, string name)
        => name.Length > 0 && name.All(c => char.IsAsciiLetterOrDigit(c) || c == '_')
            ? $"{path}.{name}"
            : $"{path}['{name.Replace("'", "\\'", StringComparison.Ordinal)}']";

    private static DomainException Invalid(string path, string fieldCode)
        => new(ProblemCode.ValidationFailed, new Dictionary<string, string[]> { [path] = [fieldCode] });
}
