using Microsoft.Extensions.Options;
using RecoveryFunctions.Core.Email;
using RecoveryFunctions.Core.Options;
using RecoveryFunctions.Core.Telemetry;

namespace RecoveryFunctions.Core.Notifications;

/// <summary>
/// Puts emails on the outbox with the values every template shares. Stranger-triggered emails
/// (registration, recovery, username) are capped per address by the sender; security notices never are.
/// </summary>
public sealed class Notifier(IEmailOutbox outbox, IOptions<RecoveryOptions> options, RecoveryMetrics metrics)
{
    public Task SendAsync(EmailTemplate template, string? to, string language, IReadOnlyDictionary<string, string> values, bool strangerTriggered, CancellationToken cancellationToken = default)
    {
        var all = new Dictionary<string, string>(values, StringComparer.Ordinal)
        {
            [EmailValueKeys.AssistanceUrl] = options.Value.AssistanceUrl,
            [EmailValueKeys.ServiceName] = options.Value.ServiceName,
        };
        metrics.EmailQueue(template);
        return outbox.EnqueueAsync(new OutboxEmail(Guid.NewGuid(), template, to, language, all, strangerTriggered), cancellationToken);
    }

    /// <summary>A front-end page from the configured base URL only (never from request headers).</summary>
    public string FrontEndPage(string path)
        => $"{options.Value.FrontEndBaseUrl.TrimEnd('/')}/{path.TrimStart('/')}";

    /// <summary>A front-end page carrying a token in the URL fragment, which browsers never send to a server.</summary>
    public string FrontEndLink(string path, string token)
        => $"{FrontEndPage(path)}#token={Uri.EscapeDataString(token)}";
}
