using RecoveryFunctions.LocalHost.Assistance;

namespace RecoveryFunctions.LocalHost.Email;

/// <summary>Registers what <see cref="LocalAcsEmailEndpointRouteBuilderExtensions.MapLocalAcsEmail"/> needs.</summary>
public static class LocalAcsEmailServiceCollectionExtensions
{
    /// <param name="time">The service's clock (status progression, quotas, signature dates); the system clock by default.</param>
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

        var clock = time ?? TimeProvider.System;
        services.AddSingleton(options);
        services.AddSingleton<LocalAcsFaultPlan>();
        services.AddSingleton(new LocalAcsHmacVerifier(options, clock));
        services.AddSingleton(sp => new LocalAcsBearerVerifier(sp.GetService<DevelopmentIssuer>()));
        services.AddSingleton(new LocalAcsEmailStore(options, clock));
        services.AddSingleton(new LocalMailbox(options.MailboxDirectory, clock));
        return services;
    }
}
