using System.ComponentModel.DataAnnotations;

namespace RecoveryFunctions.Core.Options;

/// <summary>Which reference the product follows (docs/security/standards-profile.md).</summary>
public enum StandardsProfile
{
    /// <summary>The reference portal's procedure: mailbox proof, then the security question.</summary>
    Seed,

    /// <summary>
    /// OWASP ASVS 5.0 level 2 and NIST SP 800-63B-4: no security question anywhere, emailed codes valid at most
    /// <see cref="RecoveryOptions.AsvsMaxEmailedCodeLifetime"/>, the ASVS password rules, and a reset that passes through
    /// every factor the holder enrolled (ASVS 6.4.3).
    /// </summary>
    Asvs,
}

/// <summary>Product-level settings: where links point and lifetimes (the service's name is <see cref="ServiceOptions"/>).</summary>
public sealed class RecoveryOptions
{
    public const string SectionName = "Recovery";

    /// <summary>ASVS 5.0 6.5.5: an out-of-band request, code or token lives at most 10 minutes.</summary>
    public static readonly TimeSpan AsvsMaxEmailedCodeLifetime = TimeSpan.FromMinutes(10);

    /// <summary><see cref="StandardsProfile.Seed"/> (today's procedure) or <see cref="StandardsProfile.Asvs"/>.</summary>
    public StandardsProfile Profile { get; set; } = StandardsProfile.Seed;

    /// <summary>Whether the holder has a security question at all (never under <see cref="StandardsProfile.Asvs"/>, ASVS 6.4.2).</summary>
    public bool AsksSecurityQuestion => Profile == StandardsProfile.Seed;

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

        if (options.Profile == StandardsProfile.Asvs)
        {
            // The emailed recovery code and link, and the email-change link, are out-of-band codes (ASVS 5.0 6.5.5).
            foreach (var (name, lifetime) in new[] { (nameof(options.RecoveryLinkLifetime), options.RecoveryLinkLifetime), (nameof(options.EmailChangeLinkLifetime), options.EmailChangeLinkLifetime) })
            {
                if (lifetime > RecoveryOptions.AsvsMaxEmailedCodeLifetime)
                {
                    failures.Add($"{Key(name)} must be at most 00:10:00 when {Key(nameof(options.Profile))} is Asvs (ASVS 5.0 6.5.5).");
                }
            }
        }
    }
}
