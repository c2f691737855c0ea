using RecoveryFunctions.Core.Dates;

namespace RecoveryFunctions.Tests.Core;

public sealed class ReadableDatesTests
{
    private const char NoBreak = '\u00A0';

    private static readonly ReadableDates Paris = new(TimeZoneInfo.FindSystemTimeZoneById("Europe/Paris"));

    [Theory]
    // Winter (UTC+1) and the first of the month.
    [InlineData("2026-12-01T16:04:00Z", "fr", "1er décembre 2026 à 17 h 04 (heure de Paris)")]
    [InlineData("2026-12-01T16:04:00Z", "en", "1 December 2026 at 5:04 pm (Paris time)")]
    // Summer (UTC+2): the same UTC clock reads an hour later.
    [InlineData("2026-07-14T16:04:00Z", "fr", "14 juillet 2026 à 18 h 04 (heure de Paris)")]
    [InlineData("2026-07-14T16:04:00Z", "en", "14 July 2026 at 6:04 pm (Paris time)")]
    public void Format_SummerAndWinter_ParisClockInTheHoldersLanguage(string utc, string language, string expected)
    {
        Assert.Equal(WithNoBreaks(expected), Paris.Format(DateTimeOffset.Parse(utc, System.Globalization.CultureInfo.InvariantCulture), language));
    }

    [Theory]
    // Midnight in Paris is still the previous day in UTC: the date is the local one.
    [InlineData("2026-12-31T23:00:00Z", "fr", "1er janvier 2027 à 0 h 00 (heure de Paris)")]
    [InlineData("2026-12-31T23:00:00Z", "en", "1 January 2027 at 12:00 am (Paris time)")]
    [InlineData("2026-06-30T10:00:00Z", "fr", "30 juin 2026 à 12 h 00 (heure de Paris)")]
    [InlineData("2026-06-30T10:00:00Z", "en", "30 June 2026 at 12:00 pm (Paris time)")]
    [InlineData("2026-06-30T10:59:00Z", "en", "30 June 2026 at 12:59 pm (Paris time)")]
    [InlineData("2026-06-30T11:00:00Z", "en", "30 June 2026 at 1:00 pm (Paris time)")]
    [InlineData("2026-06-29T22:30:00Z", "en", "30 June 2026 at 12:30 am (Paris time)")]
    [InlineData("2026-06-30T07:05:00Z", "fr", "30 juin 2026 à 9 h 05 (heure de Paris)")]
    public void Format_MidnightAndNoon_TwelveHourAndTwentyFourHourClocks(string utc, string language, string expected)
    {
        Assert.Equal(WithNoBreaks(expected), Paris.Format(DateTimeOffset.Parse(utc, System.Globalization.CultureInfo.InvariantCulture), language));
    }

    [Fact]
    public void Format_AcrossTheSpringChange_OffsetFromTheZoneRules()
    {
        // 29 March 2026, 02:00 CET → 03:00 CEST: one UTC minute apart, an hour and a minute apart on the wall clock.
        var before = new DateTimeOffset(2026, 3, 29, 0, 59, 0, TimeSpan.Zero);

        Assert.Equal(WithNoBreaks("29 mars 2026 à 1 h 59 (heure de Paris)"), Paris.Format(before, "fr"));
        Assert.Equal(WithNoBreaks("29 mars 2026 à 3 h 00 (heure de Paris)"), Paris.Format(before.AddMinutes(1), "fr"));
    }

    [Fact]
    public void Format_InstantWithAnotherOffset_SameWordsAsItsUtcValue()
    {
        var utc = new DateTimeOffset(2026, 12, 1, 16, 4, 0, TimeSpan.Zero);

        Assert.Equal(Paris.Format(utc, "fr"), Paris.Format(utc.ToOffset(TimeSpan.FromHours(-5)), "fr"));
    }

    [Theory]
    [InlineData("en-GB", "1 December 2026 at 5:04 pm (Paris time)")]
    [InlineData("EN", "1 December 2026 at 5:04 pm (Paris time)")]
    [InlineData("de", "1er décembre 2026 à 17 h 04 (heure de Paris)")]
    [InlineData(null, "1er décembre 2026 à 17 h 04 (heure de Paris)")]
    public void Format_OtherLanguageTags_EnglishOrFrenchFallback(string? language, string expected)
    {
        Assert.Equal(WithNoBreaks(expected), Paris.Format(new DateTimeOffset(2026, 12, 1, 16, 4, 0, TimeSpan.Zero), language));
    }

    [Theory]
    [InlineData("America/New_York", "fr", "1er décembre 2026 à 11 h 04 (heure de New York)")]
    [InlineData("America/New_York", "en", "1 December 2026 at 11:04 am (New York time)")]
    [InlineData("Europe/Athens", "fr", "1er décembre 2026 à 18 h 04 (heure d’Athens)")]
    [InlineData("UTC", "fr", "1er décembre 2026 à 16 h 04 (UTC)")]
    [InlineData("UTC", "en", "1 December 2026 at 4:04 pm (UTC)")]
    public void Format_OtherZones_NamedAfterTheirCity(string zone, string language, string expected)
    {
        Assert.True(ReadableDates.TryFindZone(zone, out var found));

        Assert.Equal(WithNoBreaks(expected), new ReadableDates(found).Format(new DateTimeOffset(2026, 12, 1, 16, 4, 0, TimeSpan.Zero), language));
    }

    [Theory]
    [InlineData("Mars/Olympus_Mons")]
    [InlineData("Paris")]
    [InlineData("../../etc/passwd")]
    [InlineData("")]
    [InlineData(null)]
    public void TryFindZone_Unknown_False(string? zone)
    {
        Assert.False(ReadableDates.TryFindZone(zone, out _));
    }

    /// <summary>Hours and minutes, and the time and its am/pm, are held together by no-break spaces.</summary>
    private static string WithNoBreaks(string expected)
        => System.Text.RegularExpressions.Regex.Replace(expected, @"(\d+) h (\d\d)|(\d+:\d\d) (am|pm)", m => m.Value.Replace(' ', NoBreak));
}
