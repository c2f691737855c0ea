using System.Buffers;
using System.Globalization;
using System.Text;

namespace RecoveryFunctions.Core.Audit;

/// <summary>
/// The one rule for free text that a person types and that reaches an audit row, an agent's screen or an email (an
/// agent's reason, the contact form's message, an agent's display name): nothing in it may forge a line, reorder
/// what a reader sees, or hide. Forbidden, code point by code point (a supplementary character is one code point,
/// a lone surrogate is forbidden too):
/// <list type="bullet">
/// <item>C0 and C1 controls (CR, LF, TAB, NEL, ESC...) and the line and paragraph separators U+2028, U+2029;</item>
/// <item>every Unicode <c>Default_Ignorable_Code_Point</c>: characters a renderer draws as nothing — zero-width
/// spaces and joiners, soft hyphen, word joiner, BOM, Hangul fillers, variation selectors, tags — which include
/// every bidirectional mark, embedding, override and isolate (U+061C, U+200E, U+200F, U+202A–U+202E,
/// U+2066–U+2069).</item>
/// </list>
/// Values a person types are refused with <see cref="IsClean"/> (<see cref="IsCleanMultiline"/> for a message
/// whose own line breaks and tabs are part of it); values that cannot be refused (a display name in a valid token, a
/// row already stored) go through <see cref="Neutralise"/>.
/// </summary>
public static class AuditText
{
    // Default_Ignorable_Code_Point as derived in the Unicode Character Database, DerivedCoreProperties.txt
    // (https://www.unicode.org/Public/UCD/latest/ucd/DerivedCoreProperties.txt; checked against the copy ICU ships,
    // unicode-org/icu icu4c/source/data/unidata/DerivedCoreProperties.txt at e1be738ccbbb332858d060c9ebf20963263b4041,
    // "# Total code points: 4174", unchanged since Unicode 14 added U+180F). Adjacent entries of the file are merged.
    private static readonly (int First, int Last)[] DefaultIgnorable =
    [
        (0x00AD, 0x00AD), (0x034F, 0x034F), (0x061C, 0x061C), (0x115F, 0x1160), (0x17B4, 0x17B5), (0x180B, 0x180F),
        (0x200B, 0x200F), (0x202A, 0x202E), (0x2060, 0x206F), (0x3164, 0x3164), (0xFE00, 0xFE0F), (0xFEFF, 0xFEFF),
        (0xFFA0, 0xFFA0), (0xFFF0, 0xFFF8), (0x1BCA0, 0x1BCA3), (0x1D173, 0x1D17A), (0xE0000, 0xE0FFF),
    ];

    public static bool IsDefaultIgnorable(int codePoint)
    {
        foreach (var (first, last) in DefaultIgnorable)
        {
            if (codePoint < first)
            {
                return false;
            }

            if (codePoint <= last)
            {
                return true;
            }
        }

        return false;
    }

    public static bool IsForbidden(Rune rune)
        => Rune.IsControl(rune) || rune.Value is 0x2028 or 0x2029 || IsDefaultIgnorable(rune.Value);

    public static bool IsClean(string? value) => value is null || IndexOfForbidden(value, multiline: false) < 0;

    /// <summary>The same rule for a multi-line message: its own line feeds and tabs are text, nothing else is.</summary>
    public static bool IsCleanMultiline(string? value) => value is null || IndexOfForbidden(value, multiline: true) < 0;

    /// <summary>
    /// What a reader counts as characters: extended grapheme clusters (UAX #29), so a letter with its combining
    /// accents is one, and a clean value holds nothing invisible that could pad the count.
    /// </summary>
    public static int VisibleLength(string value) => new StringInfo(value).LengthInTextElements;

    /// <summary>
    /// Each forbidden code point becomes its visible escape (<c>\u000D</c>, <c>\U000E0041</c>; a lone surrogate
    /// <c>\uD800</c>), so the trail shows the attempt without obeying it.
    /// </summary>
    public static string? Neutralise(string? value)
    {
        if (value is null)
        {
            return null;
        }

        var first = IndexOfForbidden(value, multiline: false);
        if (first < 0)
        {
            return value;
        }

        var text = new StringBuilder(value.Length + 16).Append(value, 0, first);
        for (var i = first; i < value.Length;)
        {
            if (Rune.DecodeFromUtf16(value.AsSpan(i), out var rune, out var used) != OperationStatus.Done)
            {
                text.Append(CultureInfo.InvariantCulture, $"\\u{(int)value[i]:X4}");
            }
            else if (IsForbidden(rune) && rune.IsBmp)
            {
                text.Append(CultureInfo.InvariantCulture, $"\\u{rune.Value:X4}");
            }
            else if (IsForbidden(rune))
            {
                text.Append(CultureInfo.InvariantCulture, $"\\U{rune.Value:X8}");
            }
            else
            {
                text.Append(value, i, used);
            }

            i += used;
        }

        return text.ToString();
    }

    private static int IndexOfForbidden(string value, bool multiline)
    {
        // Runs of printable ASCII need no per-code-point look: each costs one vectorised scan.
        var span = value.AsSpan();
        for (var i = 0; i < span.Length;)
        {
            var printable = span[i..].IndexOfAnyExceptInRange(' ', '~');
            if (printable < 0)
            {
                return -1;
            }

            i += printable;
            if (Rune.DecodeFromUtf16(span[i..], out var rune, out var used) != OperationStatus.Done)
            {
                return i;
            }

            if (IsForbidden(rune) && !(multiline && rune.Value is '\n' or '\t'))
            {
                return i;
            }

            i += used;
        }

        return -1;
    }
}
