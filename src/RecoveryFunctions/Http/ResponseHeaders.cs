using Microsoft.AspNetCore.Http;

namespace RecoveryFunctions.Http;

/// <summary>Headers every API response carries: nothing here may be cached, leak a referrer, or be sniffed.</summary>
internal static class ResponseHeaders
{
    public static void Apply(HttpResponse response)
    {
        response.Headers.CacheControl = "no-store";
        response.Headers.Pragma = "no-cache";
        response.Headers["Referrer-Policy"] = "no-referrer";
        response.Headers.XContentTypeOptions = "nosniff";
        response.Headers["Content-Language"] = RequestLanguage.Of(response.HttpContext.Request);
    }
}
