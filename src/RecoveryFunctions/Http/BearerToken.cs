using Microsoft.AspNetCore.Http;

namespace RecoveryFunctions.Http;

internal static class BearerToken
{
    /// <summary>The token of an <c>Authorization: Bearer</c> header, or null.</summary>
    public static string? Of(HttpRequest request)
    {
        var header = request.Headers.Authorization.ToString();
        const string Prefix = "Bearer ";
        return header.StartsWith(Prefix, StringComparison.OrdinalIgnoreCase) ? header[Prefix.Length..].Trim() : null;
    }
}
