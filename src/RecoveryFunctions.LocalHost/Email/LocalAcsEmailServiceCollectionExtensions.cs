using Microsoft.Extensions.DependencyInjection.Extensions;

namespace RecoveryFunctions.LocalHost.Email;

/// <summary>Registers what <see cref="LocalAcsEmailEndpointRouteBuilderExtensions.MapLocalAcsEmail"/> needs.</summary>
public static class LocalAcsEmailServiceCollectionExtensions
{
    public static IServiceCollection AddLocalAcsEmail(this IServiceCollection services, LocalAcsEmailOptions options)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(options);
        if (string.IsNullOrWhiteSpace(options.MailboxDirectory))
        {
            throw new ArgumentException($"{LocalAcsEmailOptions.SectionName}:{nameof(LocalAcsEmailOptions.MailboxDirectory)} is required.", nameof(options));
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

        services.TryAddSingleton(TimeProvider.System);
        services.AddSingleton(options);
        services.AddSingleton<LocalAcsFaultPlan>();
        services.AddSingleton<LocalAcsHmacVerifier>();
        services.AddSingleton<LocalAcsEmailStore>();
        services.AddSingleton(sp => new LocalMailbox(options.MailboxDirectory, sp.GetRequiredService<TimeProvider>()));
        return services;
    }
}
