using Microsoft.AspNetCore.Http;

namespace RecoveryFunctions.Http;

/// <summary>A file download with the API's standard headers (no-store: the file holds personal data).</summary>
internal sealed class FileResult(byte[] content, string contentType, string fileName) : IResult
{
    public async Task ExecuteAsync(HttpContext httpContext)
    {
        ArgumentNullException.ThrowIfNull(httpContext);
        var response = httpContext.Response;
        response.StatusCode = StatusCodes.Status200OK;
        ResponseHeaders.Apply(response);
        response.ContentType = contentType;
        response.ContentLength = content.Length;
        response.Headers.ContentDisposition = $"attachment; filename=\"{fileName}\"";
        await response.Body.WriteAsync(content, httpContext.RequestAborted);
    }
}
