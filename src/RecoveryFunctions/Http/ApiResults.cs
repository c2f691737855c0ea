using System.Globalization;
using Microsoft.AspNetCore.Http;
using RecoveryFunctions.Core.Errors;

namespace RecoveryFunctions.Http;

/// <summary>Builds every response of the API, problems included (RFC 9457), in one place.</summary>
internal static class ApiResults
{
    public static IResult Ok(object body) => new ApiResult(StatusCodes.Status200OK, body);

    public static IResult Created(object body) => new ApiResult(StatusCodes.Status201Created, body);

    public static IResult Accepted(object body) => new ApiResult(StatusCodes.Status202Accepted, body);

    /// <summary>A generated file (a captcha's audio): raw bytes, with the same no-store headers as every response.</summary>
    public static IResult File(byte[] content, string contentType) => new ApiResult(StatusCodes.Status200OK, content, contentType);

    public static IResult NoContent() => new ApiResult(StatusCodes.Status204NoContent, null);

    public static IResult Problem(HttpRequest request, int status, string code, IReadOnlyDictionary<string, string[]>? errors = null, TimeSpan? retryAfter = null)
    {
        var language = RequestLanguage.Of(request);
        var text = ProblemCatalog.For(code);
        var body = new ProblemBody(
            Type: $"https://errors.recovery.local/{code}",
            Title: text.Title(language),
            Status: status,
            Detail: text.Detail(language),
            Code: code,
            TraceId: request.HttpContext.TraceIdentifier,
            Errors: errors);
        var headers = retryAfter is { } delay
            ? new Dictionary<string, string> { ["Retry-After"] = Math.Max(1, (int)Math.Ceiling(delay.TotalSeconds)).ToString(CultureInfo.InvariantCulture) }
            : null;
        return new ApiResult(status, body, "application/problem+json; charset=utf-8", headers);
    }

    public static IResult Problem(HttpRequest request, DomainException exception)
    {
        ArgumentNullException.ThrowIfNull(exception);
        return Problem(request, StatusOf(exception), exception.Code, exception.Errors, exception.RetryAfter);
    }

    private static int StatusOf(DomainException exception) => exception.Kind switch
    {
        DomainErrorKind.Validation => exception.Code switch
        {
            ErrorCodes.BodyTooLarge => StatusCodes.Status413PayloadTooLarge,
            ErrorCodes.UnsupportedMediaType => StatusCodes.Status415UnsupportedMediaType,
            _ => StatusCodes.Status400BadRequest,
        },
        DomainErrorKind.Unauthorized => StatusCodes.Status401Unauthorized,
        DomainErrorKind.Forbidden => StatusCodes.Status403Forbidden,
        DomainErrorKind.NotFound => StatusCodes.Status404NotFound,
        DomainErrorKind.Gone => StatusCodes.Status410Gone,
        DomainErrorKind.Conflict => StatusCodes.Status409Conflict,
        DomainErrorKind.Locked => StatusCodes.Status423Locked,
        DomainErrorKind.TooManyRequests => StatusCodes.Status429TooManyRequests,
        DomainErrorKind.Unavailable => StatusCodes.Status503ServiceUnavailable,
        _ => StatusCodes.Status400BadRequest,
    };
}
