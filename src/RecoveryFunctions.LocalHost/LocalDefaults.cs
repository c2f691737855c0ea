using System.Globalization;
using System.Security.Cryptography;
using RecoveryFunctions.Core.Secrets;
using RecoveryFunctions.DevServices.FranceConnect;
using RecoveryFunctions.DevServices.Issuer;

namespace RecoveryFunctions.LocalHost;

/// <summary>
/// Working local values for every setting (the same list as local.settings.sample.json). Keys are
/// random per run: Azurite runs in memory, so nothing signed with them outlives the process.
/// </summary>
internal static class LocalDefaults
{
    public const string AgentAudience = "api://recovery-assistance.localhost";

    /// <summary>The development issuer's URL: the local host itself, so the app fetches its metadata over HTTP like Entra's.</summary>
    public static string DevelopmentIssuerUrl(LocalHostSettings settings)
    {
        ArgumentNullException.ThrowIfNull(settings);
        return $"http://127.0.0.1:{settings.Port.ToString(CultureInfo.InvariantCulture)}{DevelopmentIssuer.PathBase}";
    }

    /// <summary>The local host's own URL, which is also the local ACS endpoint's.</summary>
    public static string SelfUrl(LocalHostSettings settings)
    {
        ArgumentNullException.ThrowIfNull(settings);
        return $"http://127.0.0.1:{settings.Port.ToString(CultureInfo.InvariantCulture)}";
    }

    /// <summary>
    /// This host as the local FranceConnect registers it: a client secret new each run, and the callback and
    /// post-logout routes of the FranceConnect functions on this host.
    /// </summary>
    public static LocalFranceConnectClient FranceConnectClient(LocalHostSettings settings)
    {
        var self = SelfUrl(settings);
        return new LocalFranceConnectClient(
            "recovery-local",
            Convert.ToHexString(RandomNumberGenerator.GetBytes(32)),
            [self + "/api/franceconnect/callback"],
            [self + "/api/franceconnect/logged-out"]);
    }

    public static Dictionary<string, string?> For(LocalHostSettings settings, string storageConnectionString, string acsAccessKey, LocalFranceConnectProcess franceConnect, string cacheConnectionString)
    {
        ArgumentNullException.ThrowIfNull(franceConnect);
        var self = SelfUrl(settings);
        return new Dictionary<string, string?>
        {
            // FranceConnect: the local provider started beside Azurite.
            ["FranceConnect:Enabled"] = "true",
            ["FranceConnect:Authority"] = franceConnect.Authority.ToString(),
            ["FranceConnect:ClientId"] = franceConnect.Client.ClientId,
            ["Secrets:Values:franceconnect-client-secret"] = franceConnect.Client.ClientSecret,
            ["FranceConnect:RedirectUris:0"] = franceConnect.Client.RedirectUris[0],
            ["FranceConnect:PostLogoutRedirectUris:0"] = franceConnect.Client.PostLogoutRedirectUris[0],

            ["AzureWebJobsStorage"] = storageConnectionString,
            ["AzureWebJobsDisableHomepage"] = "true",
            ["Storage:TablePrefix"] = settings.TablePrefix,
            ["Storage:EmailQueueName"] = "email-outbox",
            ["Recovery:FrontEndBaseUrl"] = "http://localhost:5173",
            ["Recovery:AssistanceUrl"] = "http://localhost:5173/aide/",
            ["Email:Endpoint"] = self,
            ["Email:Authentication"] = "AccessKey",
            ["Email:SenderAddress"] = "DoNotReply@recovery.localhost",
            ["Storage:EmailNotificationQueueName"] = "email-notifications",
            ["Email:PoisonReplaySchedule"] = "0 0 4 * * *",
            ["AzureWebJobs.ReplayPoisonEmails.Disabled"] = "true",
            ["Secrets:Source"] = "Configuration",

            // The throttle counters in Garnet, started beside Azurite (docs/decisions/0008-throttles-in-a-cache.md).
            ["Throttling:Store"] = "Redis",
            // Garnet runs in this process and shares its thread pool: on a busy developer or CI machine a script can
            // wait seconds for a thread, which a deployed cache on its own servers does not.
            ["Throttling:CacheTimeout"] = "00:00:10",
            [$"Secrets:Values:{SecretNames.ThrottleCacheConnection}"] = cacheConnectionString,

            [$"Secrets:Values:{SecretNames.TokenKeyCurrent}"] = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)),
            [$"Secrets:Values:{SecretNames.OutboxKeyCurrent}"] = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)),
            [$"Secrets:Values:{SecretNames.AcsAccessKey}"] = acsAccessKey,
            ["Captcha:Mode"] = "Image",
            ["Password:Profile"] = "Seed",
            ["Cleanup:Schedule"] = "0 */10 * * * *",
            ["Assistance:MetadataAddress"] = DevelopmentIssuerUrl(settings) + "/.well-known/openid-configuration",
            ["Assistance:Audience"] = AgentAudience,
            ["Assistance:DevelopmentIssuer"] = "true",
        };
    }
}
