using System.Globalization;
using System.Text;

namespace RecoveryFunctions.Core.FranceConnect;

/// <summary>
/// FranceConnect's pivot identity (the claims given_name, family_name, birthdate, gender, birthplace, birthcountry):
/// what recognises the same person through any identity provider. Held in memory for one request, never stored; what
/// is stored is <see cref="Canonical"/>'s keyed hash.
/// </summary>
public sealed record PivotIdentity(string GivenName, string FamilyName, string Birthdate, string Gender, string Birthplace, string Birthcountry)
{
    /// <summary>
    /// One line per field, names upper-cased without accents, hyphens or apostrophes and with single spaces, so that the
    /// same person spelt by two identity providers ("Jean-Pierre" and "JEAN PIERRE") gives the same hash.
    /// </summary>
    public string Canonical() => string.Join(
        '\n',
        Name(GivenName),
        Name(FamilyName),
        Birthdate.Trim(),
        Gender.Trim().ToLowerInvariant(),
        Birthplace.Trim().ToUpperInvariant(),
        Birthcountry.Trim());

    private static string Name(string value)
    {
        var text = new StringBuilder(value.Length);
        foreach (var c in value.Normalize(NormalizationForm.FormD))
        {
            var category = CharUnicodeInfo.GetUnicodeCategory(c);
            if (category == UnicodeCategory.NonSpacingMark)
            {
                continue;
            }

            text.Append(char.IsLetterOrDigit(c) ? char.ToUpperInvariant(c) : ' ');
        }

        return string.Join(' ', text.ToString().Split(' ', StringSplitOptions.RemoveEmptyEntries));
    }
}
