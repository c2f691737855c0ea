using System.Globalization;
using Azure;

namespace RecoveryFunctions.Infrastructure.Email;

/// <summary>Reads the delay a throttled response asks for, in the order Azure services send it.</summary>
public static class AcsRetryAfter
{
    /// <summary>When ACS sends no hint: one minute matches the lowest quota (5 emails per minute on an Azure-managed domain).</summary>
    public static readonly TimeSpan Default = TimeSpan.FromMinutes(1);

    public static TimeSpan? Read(Response response, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(response);
        foreach (var name in (string[])["retry-after-ms", "x-ms-retry-after-ms"])
        {
            if (response.Headers.TryGetValue(name, out var ms)
                && double.TryParse(ms, NumberStyles.Float, CultureInfo.InvariantCulture, out var milliseconds)
                && milliseconds >= 0)
            {
                return TimeSpan.FromMilliseconds(milliseconds);
            }
        }

        if (response.Headers.TryGetValue("Retry-After", out var retryAfter) && !string.IsNullOrWhiteSpace(retryAfter))
        {
            if (int.TryParse(retryAfter.Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out var seconds))
            {
                return TimeSpan.FromSeconds(seconds);
            }

            if (DateTimeOffset.TryParseExact(retryAfter.Trim(), "r", CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var at))
            {
                var delay = at - now;
                return delay > TimeSpan.Zero ? delay : TimeSpan.Zero;
            }
        }

        return null;
    }
}
