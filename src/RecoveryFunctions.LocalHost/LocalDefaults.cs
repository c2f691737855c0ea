using System.Globalization;
using System.Security.Cryptography;
using RecoveryFunctions.Core.Secrets;
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

    public static Dictionary<string, string?> For(LocalHostSettings settings, string storageConnectionString, string acsAccessKey)
    {
        var self = SelfUrl(settings);
        return new Dictionary<string, string?>
        {
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
