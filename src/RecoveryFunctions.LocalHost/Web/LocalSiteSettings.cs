using System.Globalization;

namespace RecoveryFunctions.LocalHost.Web;

/// <summary>The API settings that name the site's origin: the links in emails and the CORS allow-list.</summary>
public static class LocalSiteSettings
{
    public static IReadOnlyDictionary<string, string?> ApiOverrides(int sitePort)
    {
        var origin = $"http://localhost:{sitePort.ToString(CultureInfo.InvariantCulture)}";
        return new Dictionary<string, string?>
        {
            ["Recovery:FrontEndBaseUrl"] = origin,
            ["Recovery:AssistanceUrl"] = origin + "/aide/",
            // The platform's CORS list, as Core Tools reads it from local.settings.json ("Host": { "CORS": ... }).
            ["Host:CORS"] = origin,
        };
    }
}
