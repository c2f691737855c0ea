using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using System.Text;
using RecoveryFunctions.Core.Registration;

namespace RecoveryFunctions.Core.Dates;

/// <summary>
/// Instants as people read them (contract §4): in the service's time zone and the holder's language,
/// « 1er décembre 2026 à 17 h 04 (heure de Paris) » / "1 December 2026 at 5:04 pm (Paris time)".
/// Sentences put their own article or preposition in front ("le …", "jusqu'au …", "on …", "until …").
/// The offset (summer or winter time) comes from the system's time-zone rules; API JSON stays ISO 8601 UTC.
/// Month names and the clock layout are this class's own, so the wording does not change with the ICU
/// version of the machine it runs on.
/// </summary>
public sealed class ReadableDates(TimeZoneInfo zone)
{
    // No-break spaces keep "17 h 04" and "5:04 pm" on one line.
    private const char NoBreak = '\u00A0';

    private static readonly string[] FrenchMonths =
        ["janvier", "février", "mars", "avril", "mai", "juin", "juillet", "août", "septembre", "octobre", "novembre", "décembre"];

    private static readonly string[] EnglishMonths =
        ["January", "February", "March", "April", "May", "June", "July", "August", "September", "October", "November", "December"];

    private readonly string _french = ZoneLabel(zone, french: true);
    private readonly string _english = ZoneLabel(zone, french: false);

    public string Format(DateTimeOffset instant, string? language)
    {
        var local = TimeZoneInfo.ConvertTime(instant, zone);
        var invariant = CultureInfo.InvariantCulture;
        if (Languages.IsEnglish(language))
        {
            var hour = local.Hour % 12 == 0 ? 12 : local.Hour % 12;
            return string.Create(invariant, $"{local.Day} {EnglishMonths[local.Month - 1]} {local.Year} at {hour}:{local.Minute:00}{NoBreak}{(local.Hour < 12 ? "am" : "pm")} ({_english})");
        }

        var day = local.Day == 1 ? "1er" : local.Day.ToString(invariant);
        return string.Create(invariant, $"{day} {FrenchMonths[local.Month - 1]} {local.Year} à {local.Hour}{NoBreak}h{NoBreak}{local.Minute:00} ({_french})");
    }

    /// <summary>A zone id this system knows (IANA, or a Windows id the system can map).</summary>
    public static bool TryFindZone(string? id, [NotNullWhen(true)] out TimeZoneInfo? found)
    {
        found = null;
        if (string.IsNullOrWhiteSpace(id))
        {
            return false;
        }

        try
        {
            found = TimeZoneInfo.FindSystemTimeZoneById(id);
            return true;
        }
        catch (Exception e) when (e is TimeZoneNotFoundException or InvalidTimeZoneException or ArgumentException)
        {
            return false;
        }
    }

    /// <summary>
    /// Named after the zone's city ("Europe/Paris" → « heure de Paris » / "Paris time", "America/New_York" →
    /// "New York time", « heure d'Athènes » with elision); a zone without a city ("UTC", "Etc/GMT-2") by its id.
    /// </summary>
    private static string ZoneLabel(TimeZoneInfo zone, bool french)
    {
        ArgumentNullException.ThrowIfNull(zone);
        var id = zone.HasIanaId || !TimeZoneInfo.TryConvertWindowsIdToIanaId(zone.Id, out var iana) ? zone.Id : iana;
        var slash = id.LastIndexOf('/');
        if (slash < 0 || id.StartsWith("Etc/", StringComparison.Ordinal))
        {
            return id[(slash + 1)..];
        }

        var city = id[(slash + 1)..].Replace('_', ' ');
        if (!french)
        {
            return $"{city} time";
        }

        var first = city.Normalize(NormalizationForm.FormD)[0];
        return "AEIOU".Contains(char.ToUpperInvariant(first), StringComparison.Ordinal) ? $"heure d’{city}" : $"heure de {city}";
    }
}
