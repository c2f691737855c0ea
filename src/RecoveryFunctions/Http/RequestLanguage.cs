using Microsoft.AspNetCore.Http;

namespace RecoveryFunctions.Http;

/// <summary>French by default; English when the client's Accept-Language prefers it.</summary>
internal static class RequestLanguage
{
    public const string French = "fr";
    public const string English = "en";

    public static string Of(HttpRequest request)
    {
        var best = request.GetTypedHeaders().AcceptLanguage
            .Where(l => l.Quality is null or > 0)
            .OrderByDescending(l => l.Quality ?? 1)
            .Select(l => l.Value.Value ?? "")
            .FirstOrDefault(l => l.StartsWith(French, StringComparison.OrdinalIgnoreCase) || l.StartsWith(English, StringComparison.OrdinalIgnoreCase));
        return best is not null && best.StartsWith(English, StringComparison.OrdinalIgnoreCase) ? English : French;
    }
}
