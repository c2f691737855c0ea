using System.ComponentModel.DataAnnotations;

namespace RecoveryFunctions.Core.Options;

/// <summary>Throttles and locks (contract §4).</summary>
public sealed class ThrottleOptions
{
    public const string SectionName = "Throttling";

    [Range(1, 10000)] public int RecoveryPerIpPerHour { get; set; } = 30;
    [Range(1, 10000)] public int CaptchasPerIpPerHour { get; set; } = 60;
    [Range(1, 100)] public int SignInFailuresBeforeLock { get; set; } = 5;
    [Range(typeof(TimeSpan), "00:01:00", "1.00:00:00")] public TimeSpan SignInFirstLock { get; set; } = TimeSpan.FromMinutes(15);

    // Sign-in lockout (README, "Sign-in lockout design"): counted per client address, and per account and
    // client familiarity, so a stranger's failures lock out strangers only.
    [Range(1, 100000)] public int SignInPerClientPerHour { get; set; } = 60;
    [Range(1, 1000)] public int SignInFailuresPerDay { get; set; } = 20;
    [Range(1, 50)] public int SignInFamiliarClients { get; set; } = 5;
    [Range(typeof(TimeSpan), "1.00:00:00", "400.00:00:00")] public TimeSpan SignInFamiliarClientLifetime { get; set; } = TimeSpan.FromDays(60);
    [Range(1, 100)] public int WrongAnswersBeforeLock { get; set; } = 3;
    [Range(typeof(TimeSpan), "00:01:00", "30.00:00:00")] public TimeSpan RecoveryLock { get; set; } = TimeSpan.FromHours(24);
    [Range(1, 100)] public int CodeAttempts { get; set; } = 5;
}

public sealed class ThrottleOptionsValidator() : OptionsValidator<ThrottleOptions>(ThrottleOptions.SectionName);
