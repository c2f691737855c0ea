using System.Globalization;
using System.Text.Json.Serialization;
using Microsoft.AspNetCore.Http;
using RecoveryFunctions.Core.Errors;

namespace RecoveryFunctions.Http;

/// <summary>Builds every response of the API, problems included (RFC 9457), in one place.</summary>
internal static class ApiResults
{
    public const string ProblemContentType = "application/problem+json; charset=utf-8";

    /// <summary>The wire name of <see cref="DomainException.AttemptsLeft"/>: clients read it inside <c>errors</c>.</summary>
    public const string AttemptsLeftKey = "attemptsLeft";

    public static IResult Ok(object body) => new ApiResult(StatusCodes.Status200OK, body);

    public static IResult Created(object body) => new ApiResult(StatusCodes.Status201Created, body);

    public static IResult Accepted(object body) => new ApiResult(StatusCodes.Status202Accepted, body);

    /// <summary>A generated file (a captcha's audio): raw bytes, with the same no-store headers as every response.</summary>
    public static IResult File(byte[] content, string contentType) => new ApiResult(StatusCodes.Status200OK, content, contentType);

    public static IResult NoContent() => new ApiResult(StatusCodes.Status204NoContent, null);

    /// <summary>The status is the code's family: chosen once, where the code is declared.</summary>
    public static IResult Problem(HttpRequest request, ProblemCode code, IReadOnlyDictionary<string, string[]>? errors = null, TimeSpan? retryAfter = null, int? attemptsLeft = null)
    {
        ArgumentNullException.ThrowIfNull(request);
        var language = RequestLanguage.Of(request);
        var text = ProblemCatalog.For(code);
        var status = (int)code.Family;
        var body = new ProblemBody(
            Type: $"https://errors.recovery.local/{code.Value}",
            Title: text.Title(language),
            Status: status,
            Detail: text.Detail(language),
            Code: code.Value,
            TraceId: request.HttpContext.TraceIdentifier,
            Errors: WireErrors(errors, attemptsLeft));
        var headers = retryAfter is { } delay
            ? new Dictionary<string, string> { ["Retry-After"] = Math.Max(1, (int)Math.Ceiling(delay.TotalSeconds)).ToString(CultureInfo.InvariantCulture) }
            : null;
        return new ApiResult(status, body, ProblemContentType, headers);
    }

    public static IResult Problem(HttpRequest request, DomainException exception)
    {
        ArgumentNullException.ThrowIfNull(exception);
        return Problem(request, exception.Problem, exception.Errors, exception.RetryAfter, exception.AttemptsLeft);
    }

    // The attempts counter is typed in the model but travels, as it always has, as one more entry of the errors map.
    private static IReadOnlyDictionary<string, string[]>? WireErrors(IReadOnlyDictionary<string, string[]>? errors, int? attemptsLeft)
    {
        if (attemptsLeft is not { } left)
        {
            return errors;
        }

        var merged = errors is null ? new Dictionary<string, string[]>(StringComparer.Ordinal) : new Dictionary<string, string[]>(errors, StringComparer.Ordinal);
        merged[AttemptsLeftKey] = [left.ToString(CultureInfo.InvariantCulture)];
        return merged;
    }
}

/// <summary>RFC 9457 problem details with the API's extensions: a stable code, the trace id, field errors.</summary>
internal sealed record ProblemBody(
    string Type,
    string Title,
    int Status,
    string Detail,
    string Code,
    string TraceId,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] IReadOnlyDictionary<string, string[]>? Errors);
