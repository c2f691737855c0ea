using System.Security.Cryptography;
using RecoveryFunctions.Core.Secrets;
using RecoveryFunctions.Infrastructure.Captcha.CaptchEtat;

namespace RecoveryFunctions.DevServices.CaptchEtat;

/// <summary>Wires the local CaptchEtat emulation: the app's settings that point at it, and what its endpoints need.</summary>
public static class LocalCaptchEtatServiceCollectionExtensions
{
    private const string Section = CaptchEtatOptions.SectionName;

    /// <summary>
    /// Default settings that point the app's CaptchEtat adapter at the emulation on <paramref name="selfUrl"/>, with a
    /// client id and a secret random per run. They only matter when <c>Captcha:Provider</c> names CaptchEtat.
    /// </summary>
    public static Dictionary<string, string?> Defaults(string selfUrl) => new()
    {
        [$"{Section}:TokenUrl"] = selfUrl + LocalCaptchEtatOptions.TokenPath,
        [$"{Section}:ApiBaseUrl"] = selfUrl + LocalCaptchEtatOptions.ApiBasePath,
        [$"{Section}:ClientId"] = "local-captchetat-client",
        [$"Secrets:Values:{SecretNames.CaptchEtatClientSecret}"] = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)),
    };

    /// <summary>The emulation accepts exactly the credentials the app is configured with (client id and the configured secret).</summary>
    public static IServiceCollection AddLocalCaptchEtat(this IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        var options = configuration.GetSection(LocalCaptchEtatOptions.SectionName).Get<LocalCaptchEtatOptions>() ?? new LocalCaptchEtatOptions();
        options.ClientId = configuration[$"{Section}:ClientId"] ?? "";
        options.ClientSecret = configuration[$"Secrets:Values:{configuration[$"{Section}:ClientSecretName"] ?? SecretNames.CaptchEtatClientSecret}"] ?? "";
        if (options.TokenLifetime < TimeSpan.FromSeconds(1) || options.ChallengeLifetime <= TimeSpan.Zero)
        {
            throw new ArgumentException($"{LocalCaptchEtatOptions.SectionName}: TokenLifetime must be at least a second and ChallengeLifetime above zero.", nameof(configuration));
        }

        services.AddSingleton(options);
        services.AddSingleton<LocalCaptchEtatFaultPlan>();
        services.AddSingleton(sp => new LocalCaptchEtatStore(options, sp.GetRequiredService<TimeProvider>()));
        return services;
    }
}
