using System.ComponentModel.DataAnnotations;

namespace RecoveryFunctions.Core.Options;

public enum EmailAuthentication
{
    /// <summary>HMAC-SHA256 with the resource's access key (connection string).</summary>
    AccessKey,

    /// <summary>Microsoft Entra ID bearer token (managed identity), scope https://communication.azure.com//.default.</summary>
    ManagedIdentity,
}

/// <summary>Azure Communication Services Email settings.</summary>
public sealed class EmailOptions
{
    public const string SectionName = "Email";

    /// <summary>ACS resource endpoint, e.g. https://name.france.communication.azure.com.</summary>
    [Required, Url]
    public string Endpoint { get; set; } = "";

    public EmailAuthentication Authentication { get; set; } = EmailAuthentication.AccessKey;

    /// <summary>Client id of the user-assigned managed identity (ManagedIdentity only).</summary>
    public string? ManagedIdentityClientId { get; set; }

    /// <summary>MailFrom address of a verified ACS domain, e.g. DoNotReply@xxxx.azurecomm.net.</summary>
    [Required, EmailAddress]
    public string SenderAddress { get; set; } = "";

    /// <summary>Display name shown beside the sender address.</summary>
    public string SenderDisplayName { get; set; } = "Espace professionnel";

    /// <summary>Interval between two status polls of a send operation.</summary>
    [Range(typeof(TimeSpan), "00:00:00.010", "00:01:00")]
    public TimeSpan PollInterval { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>How long to poll a send operation before the message is retried (Operation-Id keeps it single).</summary>
    [Range(typeof(TimeSpan), "00:00:01", "00:10:00")]
    public TimeSpan PollTimeout { get; set; } = TimeSpan.FromSeconds(60);

    /// <summary>Per-address daily cap for emails a stranger can trigger (registration, recovery, username).</summary>
    [Range(1, 1000)]
    public int StrangerTriggeredPerAddressPerDay { get; set; } = 10;
}
