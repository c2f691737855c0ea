using System.ComponentModel.DataAnnotations;
using NCrontab;
using RecoveryFunctions.Core.Options;

namespace RecoveryFunctions.Hosting;

/// <summary>
/// When the cleanup timer runs (<c>Cleanup:Schedule</c>): the Functions host reads the key itself
/// (<c>%Cleanup:Schedule%</c> on the trigger); the app only checks it at start. The rest of the section is Core's
/// <see cref="CleanupOptions"/>.
/// </summary>
public sealed class CleanupScheduleOptions
{
    public const string SectionName = CleanupOptions.SectionName;

    /// <summary>NCRONTAB with seconds (six fields, UTC).</summary>
    [Required]
    public string Schedule { get; set; } = "0 */10 * * * *";
}

/// <summary>
/// When the <c>ReplayPoisonEmails</c> timer would run (<c>Email:PoisonReplaySchedule</c>, read by the Functions host);
/// the app settings disable it (<c>AzureWebJobs.ReplayPoisonEmails.Disabled</c>) so that it runs only when an operator
/// invokes it. The rest of the section is Core's <see cref="EmailOptions"/> and the ACS adapter's settings.
/// </summary>
public sealed class PoisonReplayScheduleOptions
{
    public const string SectionName = EmailOptions.SectionName;

    /// <summary>NCRONTAB with seconds (six fields, UTC).</summary>
    [Required]
    public string PoisonReplaySchedule { get; set; } = "0 0 4 * * *";
}

/// <summary>The timer trigger's schedule format: NCRONTAB with six fields, seconds first (UTC), as the host parses it.</summary>
internal static class TimerSchedule
{
    public static bool IsValid(string? expression)
        => expression is not null && CrontabSchedule.TryParse(expression, new CrontabSchedule.ParseOptions { IncludingSeconds = true }) is not null;
}

internal sealed class CleanupScheduleOptionsValidator() : OptionsValidator<CleanupScheduleOptions>(CleanupScheduleOptions.SectionName)
{
    protected override void Check(CleanupScheduleOptions options, List<string> failures)
    {
        if (!TimerSchedule.IsValid(options.Schedule))
        {
            failures.Add($"{Key(nameof(options.Schedule))} must be an NCRONTAB expression with six fields (seconds first), e.g. '0 */10 * * * *'.");
        }
    }
}

internal sealed class PoisonReplayScheduleOptionsValidator() : OptionsValidator<PoisonReplayScheduleOptions>(PoisonReplayScheduleOptions.SectionName)
{
    protected override void Check(PoisonReplayScheduleOptions options, List<string> failures)
    {
        if (!TimerSchedule.IsValid(options.PoisonReplaySchedule))
        {
            failures.Add($"{Key(nameof(options.PoisonReplaySchedule))} must be an NCRONTAB expression with six fields (seconds first).");
        }
    }
}
