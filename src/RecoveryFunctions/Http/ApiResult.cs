using System.Text.Json;
using Microsoft.AspNetCore.Http;

namespace RecoveryFunctions.Http;

/// <summary>
/// The only way a function answers: status, optional JSON (or raw bytes) body, and the API's standard headers.
/// Functions return this <see cref="IResult"/>, so the Functions host and the local host write identical responses.
/// </summary>
internal sealed class ApiResult(int statusCode, object? body, string contentType = "application/json; charset=utf-8", IReadOnlyDictionary<string, string>? headers = null) : IResult
{
    public int StatusCode { get; } = statusCode;

    public object? Body { get; } = body;

    public async Task ExecuteAsync(HttpContext httpContext)
    {
        ArgumentNullException.ThrowIfNull(httpContext);
        var response = httpContext.Response;
        response.StatusCode = StatusCode;
        ResponseHeaders.Apply(response);
        foreach (var (name, value) in headers ?? new Dictionary<string, string>())
        {
            response.Headers[name] = value;
        }

        if (Body is null)
        {
            return;
        }

        response.ContentType = contentType;

        // Whole and with its length: the head and the body leave in one write. Streamed, the serializer's flush sent them
        // chunked and Kestrel sent the closing chunk in a second write.
        var bytes = Body as byte[] ?? JsonSerializer.SerializeToUtf8Bytes(Body, Body.GetType(), ApiJson.Options);
        response.ContentLength = bytes.Length;
        await response.Body.WriteAsync(bytes, httpContext.RequestAborted);
    }
}
