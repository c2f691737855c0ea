using Azure.Core;

namespace RecoveryFunctions.Infrastructure.Email;

/// <summary>
/// Pipeline options for <see cref="AcsEmailClient"/>; tests set <see cref="ClientOptions.Transport"/>. The host takes a
/// registered instance when there is one (the email burst benchmark's scaled windows), else these defaults.
/// </summary>
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

    /// <summary>
    /// The status-read budget's windows: ACS's quotas count per minute and per hour. Only a measurement on a time-scaled
    /// endpoint shortens them, as that endpoint shortens its own, so the budget keeps the scaled quota as it keeps ACS's.
    /// </summary>
    public (TimeSpan Minute, TimeSpan Hour) StatusReadWindows { get; set; } = (TimeSpan.FromMinutes(1), TimeSpan.FromHours(1));
}
