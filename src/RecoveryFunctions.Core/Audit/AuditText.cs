using System.Globalization;
using System.Text;

namespace RecoveryFunctions.Core.Audit;

/// <summary>
/// The one rule for characters that may not reach the audit trail: those that forge a line or reorder what a
/// reader sees. C0 and C1 controls (CR, LF, NEL, ESC...), the Unicode line and paragraph separators (U+2028,
/// U+2029) and the bidirectional marks, embeddings, overrides and isolates (U+200E, U+200F, U+061C,
/// U+202A–U+202E, U+2066–U+2069). Values a person types are refused with <see cref="IsClean"/>; values that
/// cannot be refused (a display name in a valid token, a row already stored) go through <see cref="Neutralise"/>.
/// </summary>
public static class AuditText
{
    public static bool IsForbidden(char c)
        => char.IsControl(c)
           || c is '\u2028' or '\u2029' or '\u200E' or '\u200F' or '\u061C'
           || c is >= '\u202A' and <= '\u202E'
           || c is >= '\u2066' and <= '\u2069';

    public static bool IsClean(string? value) => value is null || !value.Any(IsForbidden);

    /// <summary>Each forbidden character becomes its visible escape (<c>\u000D</c>), so the trail shows the attempt without obeying it.</summary>
    public static string? Neutralise(string? value)
    {
        if (IsClean(value))
        {
            return value;
        }

        var text = new StringBuilder(value!.Length + 16);
        foreach (var c in value)
        {
            if (IsForbidden(c))
            {
                text.Append(CultureInfo.InvariantCulture, $"\\u{(int)c:X4}");
            }
            else
            {
                text.Append(c);
            }
        }

        return text.ToString();
    }
}
