using System.Globalization;
using RecoveryFunctions.DevServices.Email;

namespace RecoveryFunctions.DevServices.Web;

/// <summary>The API settings that name the site's origin: the links in emails and the CORS allow-list.</summary>
public static class LocalSiteSettings
{
    public static IReadOnlyDictionary<string, string?> ApiOverrides(int sitePort)
    {
        var origin = $"http://localhost:{sitePort.ToString(CultureInfo.InvariantCulture)}";
        // A person trying the site meets a mail service with room (see LocalAcsEmailOptions.RaisedQuotas); pass
        // --LocalAcsEmail:SendsPerHour=10 to feel an Azure-managed domain.
        return new Dictionary<string, string?>(LocalAcsEmailOptions.RaisedQuotas)
        {
            ["Recovery:FrontEndBaseUrl"] = origin,
            ["Recovery:AssistanceUrl"] = origin + "/aide/",
            // The platform's CORS list, as Core Tools reads it from local.settings.json ("Host": { "CORS": ... }).
            ["Host:CORS"] = origin,
        };
    }
}
