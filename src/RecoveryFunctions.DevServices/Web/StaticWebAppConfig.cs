using System.Text.Json;

namespace RecoveryFunctions.DevServices.Web;

/// <summary>
/// The parts of <c>staticwebapp.config.json</c> the local site server applies, so the headers people get
/// locally are the ones Azure Static Web Apps sends: global headers, per-route headers (a trailing <c>*</c>
/// matches a prefix), the 404 rewrite, and <c>trailingSlash: auto</c>.
/// </summary>
public sealed record StaticWebAppConfig(
    IReadOnlyDictionary<string, string> GlobalHeaders,
    IReadOnlyList<(string Route, IReadOnlyDictionary<string, string> Headers)> Routes,
    string? NotFoundRewrite,
    bool TrailingSlashAuto)
{
    public const string FileName = "staticwebapp.config.json";

    /// <summary>The API origin written in the committed file's <c>connect-src</c> and <c>img-src</c> (the captcha's 2× image); a deployment swaps it for its own.</summary>
    public const string DefaultApiOrigin = "http://localhost:7071";

    public static StaticWebAppConfig Load(string path, string apiOrigin)
    {
        using var document = JsonDocument.Parse(File.ReadAllText(path));
        var root = document.RootElement;
        var routes = new List<(string, IReadOnlyDictionary<string, string>)>();
        if (root.TryGetProperty("routes", out var routeArray))
        {
            foreach (var route in routeArray.EnumerateArray())
            {
                if (route.TryGetProperty("headers", out var headers))
                {
                    routes.Add((route.GetProperty("route").GetString()!, Headers(headers, apiOrigin)));
                }
            }
        }

        var notFound = root.TryGetProperty("responseOverrides", out var overrides) && overrides.TryGetProperty("404", out var rewrite)
            ? rewrite.GetProperty("rewrite").GetString()
            : null;
        var trailingSlash = root.TryGetProperty("trailingSlash", out var slash) && slash.GetString() == "auto";
        return new StaticWebAppConfig(
            root.TryGetProperty("globalHeaders", out var global) ? Headers(global, apiOrigin) : new Dictionary<string, string>(),
            routes,
            notFound,
            trailingSlash);
    }

    /// <summary>Global headers overlaid with those of every route that matches <paramref name="path"/>, in file order.</summary>
    public IReadOnlyDictionary<string, string> HeadersFor(string path)
    {
        var merged = new Dictionary<string, string>(GlobalHeaders, StringComparer.OrdinalIgnoreCase);
        foreach (var (route, headers) in Routes)
        {
            var matches = route.EndsWith('*')
                ? path.StartsWith(route[..^1], StringComparison.Ordinal)
                : string.Equals(path, route, StringComparison.Ordinal);
            if (matches)
            {
                foreach (var (name, value) in headers)
                {
                    merged[name] = value;
                }
            }
        }

        return merged;
    }

    private static Dictionary<string, string> Headers(JsonElement element, string apiOrigin)
        => element.EnumerateObject().ToDictionary(
            p => p.Name,
            p => p.Value.GetString()!.Replace(DefaultApiOrigin, apiOrigin, StringComparison.Ordinal),
            StringComparer.OrdinalIgnoreCase);
}
