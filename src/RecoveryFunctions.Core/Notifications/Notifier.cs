using Microsoft.Extensions.Options;
using RecoveryFunctions.Core.Email;
using RecoveryFunctions.Core.Options;
using RecoveryFunctions.Core.Telemetry;

namespace RecoveryFunctions.Core.Notifications;

/// <summary>
/// Puts emails on the outbox with the values every template shares. The queue worker caps each address's emails per
/// <see cref="EmailBudget"/>; security notices spend none.
/// </summary>
public sealed class Notifier(IEmailOutbox outbox, IOptions<RecoveryOptions> options, IOptions<ServiceOptions> service, TimeProvider time, RecoveryMetrics metrics)
{
    public Task SendAsync(EmailTemplate template, string? to, string language, IReadOnlyDictionary<string, string> values, EmailBudget budget, CancellationToken cancellationToken = default)
    {
        var all = new Dictionary<string, string>(values, StringComparer.Ordinal)
        {
            [EmailValueKeys.AssistanceUrl] = options.Value.AssistanceUrl,
            [EmailValueKeys.ServiceName] = service.Value.NameIn(language),
            [EmailValueKeys.ServiceBrand] = service.Value.Brand,
            [EmailValueKeys.ServiceAddress] = service.Value.DisplayAddress,
        };
        if (!options.Value.AsksSecurityQuestion)
        {
            all[EmailValueKeys.Profile] = nameof(StandardsProfile.Asvs);
        }

        metrics.EmailQueue(template);
        // The link or code was issued just before this call, so its validity starts now at the latest.
        var now = time.GetUtcNow();
        return outbox.EnqueueAsync(
            new OutboxEmail(Guid.NewGuid(), template, to, language, all, budget)
            {
                EnqueuedAt = now,
                ValidUntil = now + EmailUrgency.LinkLifetime(template, options.Value),
            },
            cancellationToken);
    }

    /// <summary>A front-end page from the configured base URL only (never from request headers).</summary>
    public string FrontEndPage(string path)
        => $"{options.Value.FrontEndBaseUrl.TrimEnd('/')}/{path.TrimStart('/')}";

    /// <summary>A front-end page carrying a token in the URL fragment, which browsers never send to a server.</summary>
    public string FrontEndLink(string path, string token)
        => $"{FrontEndPage(path)}#token={Uri.EscapeDataString(token)}";
}
