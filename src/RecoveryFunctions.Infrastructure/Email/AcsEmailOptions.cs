using System.ComponentModel.DataAnnotations;
using RecoveryFunctions.Core.Options;

namespace RecoveryFunctions.Infrastructure.Email;

public enum EmailAuthentication
{
    /// <summary>HMAC-SHA256 with the resource's access key (connection string).</summary>
    AccessKey,

    /// <summary>Microsoft Entra ID bearer token (managed identity), scope https://communication.azure.com//.default.</summary>
    ManagedIdentity,
}

/// <summary>
/// Azure Communication Services Email, as <see cref="AcsEmailClient"/> reaches it: endpoint, authentication, sender and
/// this instance's status-read budget. Same section as the delivery policy (<see cref="EmailOptions"/>), whose keys
/// it leaves to Core.
/// </summary>
public sealed class AcsEmailOptions
{
    public const string SectionName = EmailOptions.SectionName;

    /// <summary>ACS resource endpoint, e.g. https://name.france.communication.azure.com.</summary>
    [Required, Url]
    public string Endpoint { get; set; } = "";

    public EmailAuthentication Authentication { get; set; } = EmailAuthentication.AccessKey;

    /// <summary>Client id of the user-assigned managed identity (ManagedIdentity only).</summary>
    public string? ManagedIdentityClientId { get; set; }

    /// <summary>MailFrom address of a verified ACS domain, e.g. DoNotReply@xxxx.azurecomm.net.</summary>
    [Required, EmailAddress]
    public string SenderAddress { get; set; } = "";

    /// <summary>Status reads this instance makes per minute at most (ACS, Azure-managed domain: 10 per minute).</summary>
    [Range(1, 100_000)]
    public int StatusReadsPerMinute { get; set; } = 10;

    /// <summary>Status reads this instance makes per hour at most (ACS, Azure-managed domain: 20 per hour).</summary>
    [Range(1, 1_000_000)]
    public int StatusReadsPerHour { get; set; } = 20;
}

public sealed class AcsEmailOptionsValidator() : OptionsValidator<AcsEmailOptions>(AcsEmailOptions.SectionName)
{
    protected override void Check(AcsEmailOptions options, List<string> failures)
    {
        if (options.StatusReadsPerHour < options.StatusReadsPerMinute)
        {
            failures.Add($"{Key(nameof(options.StatusReadsPerHour))} must be at least {Key(nameof(options.StatusReadsPerMinute))}.");
        }
    }
}
