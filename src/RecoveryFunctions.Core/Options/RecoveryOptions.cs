using System.ComponentModel.DataAnnotations;

namespace RecoveryFunctions.Core.Options;

/// <summary>Product-level settings: where links point and lifetimes (the service's name is <see cref="ServiceOptions"/>).</summary>
public sealed class RecoveryOptions
{
    public const string SectionName = "Recovery";

    /// <summary>Base URL of the web front end; every emailed link starts with it (never with the request's Host).</summary>
    [Required, Url]
    public string FrontEndBaseUrl { get; set; } = "";

    /// <summary>Where a holder is pointed when self-service stops ("not you?", locks).</summary>
    [Required, Url]
    public string AssistanceUrl { get; set; } = "";

    [Range(typeof(TimeSpan), "00:01:00", "7.00:00:00")]
    public TimeSpan ActivationLinkLifetime { get; set; } = TimeSpan.FromHours(24);

    [Range(typeof(TimeSpan), "00:01:00", "1.00:00:00")]
    public TimeSpan RecoveryLinkLifetime { get; set; } = TimeSpan.FromMinutes(30);

    [Range(typeof(TimeSpan), "00:01:00", "1.00:00:00")]
    public TimeSpan EmailChangeLinkLifetime { get; set; } = TimeSpan.FromMinutes(30);

    [Range(typeof(TimeSpan), "00:01:00", "7.00:00:00")]
    public TimeSpan HelpdeskLinkLifetime { get; set; } = TimeSpan.FromHours(12);

    [Range(typeof(TimeSpan), "00:01:00", "1.00:00:00")]
    public TimeSpan RecoveryFlowLifetime { get; set; } = TimeSpan.FromMinutes(15);

    /// <summary>Ceiling of a flow's extensions (RGAA 13.1), from the mailbox proof; at least <see cref="RecoveryFlowLifetime"/>.</summary>
    [Range(typeof(TimeSpan), "00:01:00", "1.00:00:00")]
    public TimeSpan RecoveryFlowMaxLifetime { get; set; } = TimeSpan.FromHours(1);

    [Range(typeof(TimeSpan), "00:01:00", "1.00:00:00")]
    public TimeSpan SessionLifetime { get; set; } = TimeSpan.FromMinutes(30);

    /// <summary>Ceiling of a session's extensions, from sign-in; at least <see cref="SessionLifetime"/>.</summary>
    [Range(typeof(TimeSpan), "00:01:00", "1.00:00:00")]
    public TimeSpan SessionMaxLifetime { get; set; } = TimeSpan.FromHours(12);

    /// <summary>Time zone of the dates people read in emails and documents (IANA id, checked at start); API JSON stays UTC.</summary>
    public string TimeZone { get; set; } = "Europe/Paris";

    [Range(typeof(TimeSpan), "1.00:00:00", "90.00:00:00")]
    public TimeSpan PendingAccountLifetime { get; set; } = TimeSpan.FromDays(7);
}

public sealed class RecoveryOptionsValidator() : OptionsValidator<RecoveryOptions>(RecoveryOptions.SectionName)
{
    protected override void Check(RecoveryOptions options, List<string> failures)
    {
        if (!Dates.ReadableDates.TryFindZone(options.TimeZone, out _))
        {
            failures.Add($"{Key(nameof(options.TimeZone))} is not a time zone this system knows; use an IANA id such as 'Europe/Paris'.");
        }

        if (options.RecoveryFlowMaxLifetime < options.RecoveryFlowLifetime)
        {
            failures.Add($"{Key(nameof(options.RecoveryFlowMaxLifetime))} must be at least {Key(nameof(options.RecoveryFlowLifetime))}.");
        }

        if (options.SessionMaxLifetime < options.SessionLifetime)
        {
            failures.Add($"{Key(nameof(options.SessionMaxLifetime))} must be at least {Key(nameof(options.SessionLifetime))}.");
        }
    }
}
