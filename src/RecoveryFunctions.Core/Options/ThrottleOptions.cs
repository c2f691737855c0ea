using System.ComponentModel.DataAnnotations;
using System.Net;

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

    /// <summary>
    /// Address ranges shared on purpose (a France Services network, a ministry's proxy), each with its own per-client
    /// limits (docs/security/shared-addresses.md). A client in a range is still counted per address (IPv6 per /64).
    /// </summary>
    public List<SharedRangeOptions> SharedRanges { get; set; } = [];
}

/// <summary>One declared shared range and the per-client limits of each address in it (the defaults: 10 times the usual ones).</summary>
public sealed class SharedRangeOptions
{
    /// <summary>The range in CIDR notation, no host bits set: <c>198.51.100.0/24</c>, <c>2001:db8:42::/48</c>.</summary>
    [Required] public string Cidr { get; set; } = "";

    [Range(1, 1000000)] public int RecoveryPerIpPerHour { get; set; } = 300;
    [Range(1, 1000000)] public int CaptchasPerIpPerHour { get; set; } = 600;
    [Range(1, 1000000)] public int SignInPerClientPerHour { get; set; } = 600;
    [Range(1, 1000000)] public int AssistanceRequestsPerIpPerHour { get; set; } = 30;
}

/// <summary>Each shared range must be a CIDR range with its own limits in bounds: a typo stops the app at start, naming the entry.</summary>
public sealed class ThrottleOptionsValidator() : OptionsValidator<ThrottleOptions>(ThrottleOptions.SectionName)
{
    protected override void Check(ThrottleOptions options, List<string> failures)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(failures);
        for (var i = 0; i < (options.SharedRanges ?? []).Count; i++)
        {
            var range = options.SharedRanges![i];
            var key = Key($"{nameof(options.SharedRanges)}:{i}");
            // The base address must be the network's own (IPNetwork would quietly drop host bits: 198.51.100.1/24).
            if (!IPNetwork.TryParse(range.Cidr, out var network) || !IPAddress.Parse(range.Cidr.Split('/')[0]).Equals(network.BaseAddress))
            {
                failures.Add($"{key}:{nameof(range.Cidr)}: '{range.Cidr}' is not a CIDR range (an address, '/', a prefix length, no host bits set: 198.51.100.0/24, 2001:db8:42::/48).");
            }

            var results = new List<ValidationResult>();
            Validator.TryValidateObject(range, new ValidationContext(range), results, validateAllProperties: true);
            failures.AddRange(results.Where(r => !r.MemberNames.Contains(nameof(range.Cidr))).Select(r => $"{key}:{string.Join(", ", r.MemberNames)}: {r.ErrorMessage}"));
        }
    }
}
