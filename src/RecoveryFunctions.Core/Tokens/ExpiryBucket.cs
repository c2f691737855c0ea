namespace RecoveryFunctions.Core.Tokens;

/// <summary>
/// Expiring rows are partitioned by the 10-minute slot in which they expire, so cleanup finds them by
/// key range (every partition below the current slot has only expired rows) and never reads a live row.
/// The slot is also written inside the token, so validating a token stays a point read.
/// </summary>
public static class ExpiryBucket
{
    public static readonly TimeSpan Width = TimeSpan.FromMinutes(10);

    /// <summary>Fixed width so lexical order of partition keys is numeric order.</summary>
    public const int Digits = 9;

    public static long Of(DateTimeOffset expiresAt) => expiresAt.ToUnixTimeSeconds() / (long)Width.TotalSeconds;

    public static string Format(long bucket) => bucket.ToString("D9", System.Globalization.CultureInfo.InvariantCulture);

    /// <summary>Every bucket strictly below this one holds only rows that expired at or before <paramref name="now"/>.</summary>
    public static long FirstLive(DateTimeOffset now) => Of(now);

    public static bool TryParse(ReadOnlySpan<char> text, out long bucket)
    {
        bucket = 0;
        return text.Length == Digits && long.TryParse(text, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out bucket);
    }
}
