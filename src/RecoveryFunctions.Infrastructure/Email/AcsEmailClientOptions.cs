using Azure.Core;

namespace RecoveryFunctions.Infrastructure.Email;

/// <summary>Pipeline options for <see cref="AcsEmailClient"/>; tests set <see cref="ClientOptions.Transport"/>.</summary>
public sealed class AcsEmailClientOptions : ClientOptions
{
    public const string ApiVersion = "2025-09-01";

    public AcsEmailClientOptions()
    {
        // No pipeline retries: the queue worker owns every retry and wait. A retry here would hide a Retry-After from it
        // (it must re-enqueue the message hidden for that delay) and burn the function's time on ACS's low quota.
        Retry.MaxRetries = 0;
        Retry.NetworkTimeout = TimeSpan.FromSeconds(30);
    }
}
