using Microsoft.Extensions.DependencyInjection.Extensions;
using RecoveryFunctions.DevServices.Issuer;

namespace RecoveryFunctions.DevServices.Email;

/// <summary>Registers what <see cref="LocalAcsEmailEndpointRouteBuilderExtensions.MapLocalAcsEmail"/> needs.</summary>
public static class LocalAcsEmailServiceCollectionExtensions
{
    /// <param name="time">The service's clock (status progression, quotas, signature dates); the host's TimeProvider by default.</param>
    public static IServiceCollection AddLocalAcsEmail(this IServiceCollection services, LocalAcsEmailOptions options, TimeProvider? time = null)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(options);
        if (string.IsNullOrWhiteSpace(options.MailboxDirectory))
        {
            throw new ArgumentException($"{LocalAcsEmailOptions.SectionName}:{nameof(LocalAcsEmailOptions.MailboxDirectory)} is required.", nameof(options));
        }

        if (!Uri.TryCreate(options.PublicBaseUrl, UriKind.Absolute, out _))
        {
            throw new ArgumentException($"{LocalAcsEmailOptions.SectionName}:{nameof(LocalAcsEmailOptions.PublicBaseUrl)} must be an absolute URL.", nameof(options));
        }

        if (options.TimeScale <= 0 || options.SendsPerMinute < 1 || options.SendsPerHour < 1 || options.StatusReadsPerMinute < 1 || options.StatusReadsPerHour < 1)
        {
            throw new ArgumentException($"{LocalAcsEmailOptions.SectionName}: quotas must be at least 1 and TimeScale above 0.", nameof(options));
        }

        try
        {
            if (Convert.FromBase64String(options.AccessKey).Length == 0)
            {
                throw new FormatException();
            }
        }
        catch (FormatException)
        {
            throw new ArgumentException($"{LocalAcsEmailOptions.SectionName}:{nameof(LocalAcsEmailOptions.AccessKey)} must be non-empty base64.", nameof(options));
        }

        // Without a clock of its own, the endpoint shares the host's (a test's manual clock moves both, as a real
        // client and service would agree on the time).
        services.TryAddSingleton(TimeProvider.System);
        TimeProvider Clock(IServiceProvider sp) => time ?? sp.GetRequiredService<TimeProvider>();
        services.AddSingleton(options);
        services.TryAddSingleton(ILocalAcsFaultSource.None);
        services.AddSingleton(sp => new LocalAcsHmacVerifier(options, Clock(sp)));
        services.AddSingleton(sp => new LocalAcsBearerVerifier(sp.GetService<DevelopmentIssuer>()));
        services.AddSingleton(sp => new LocalAcsEmailStore(options, Clock(sp)));
        services.AddSingleton(sp => new LocalMailbox(options.MailboxDirectory, Clock(sp)));
        return services;
    }
}
