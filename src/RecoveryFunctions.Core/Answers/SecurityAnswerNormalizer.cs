using System.Globalization;
using System.Text;

namespace RecoveryFunctions.Core.Answers;

/// <summary>
/// Makes "  Élodie   DUPONT " and "elodie dupont" the same answer (contract §2.3): NFKD, combining marks removed,
/// lower-cased, inner whitespace collapsed, trimmed. The result is what gets hashed and compared.
/// </summary>
public static class SecurityAnswerNormalizer
{
    public const int MinimumLength = 3;
    public const int MaximumLength = 40;

    // Bounds the work on hostile input before normalising; far above any legitimate answer.
    private const int MaximumInputLength = 1024;

    public static string Normalize(string answer)
    {
        ArgumentNullException.ThrowIfNull(answer);
        var decomposed = RemoveLoneSurrogates(answer).Normalize(NormalizationForm.FormKD);

        var builder = new StringBuilder(decomposed.Length);
        var pendingSpace = false;
        foreach (var c in decomposed)
        {
            var category = CharUnicodeInfo.GetUnicodeCategory(c);
            if (category is UnicodeCategory.NonSpacingMark or UnicodeCategory.SpacingCombiningMark or UnicodeCategory.EnclosingMark)
            {
                continue;
            }

            if (char.IsWhiteSpace(c))
            {
                pendingSpace = builder.Length > 0;
                continue;
            }

            // Invisible characters (controls, zero-width joiners) would make two identical-looking answers differ.
            if (category is UnicodeCategory.Control or UnicodeCategory.Format)
            {
                continue;
            }

            if (pendingSpace)
            {
                builder.Append(' ');
                pendingSpace = false;
            }

            builder.Append(c);
        }

        return builder.ToString().ToLowerInvariant();
    }

    /// <summary>Normalises and checks the 3–40 length rule (counted in code points after normalisation).</summary>
    /// <returns>True with the normalised answer; false with <paramref name="errorCode"/> set otherwise.</returns>
    public static bool TryNormalize(string? answer, out string normalized, out string? errorCode)
    {
        normalized = string.Empty;
        errorCode = null;
        if (answer is null)
        {
            errorCode = SecurityAnswerCodes.TooShort;
            return false;
        }

        if (answer.Length > MaximumInputLength)
        {
            errorCode = SecurityAnswerCodes.TooLong;
            return false;
        }

        var value = Normalize(answer);
        var length = value.EnumerateRunes().Count();
        if (length < MinimumLength)
        {
            errorCode = SecurityAnswerCodes.TooShort;
            return false;
        }

        if (length > MaximumLength)
        {
            errorCode = SecurityAnswerCodes.TooLong;
            return false;
        }

        normalized = value;
        return true;
    }

    // string.Normalize throws on a lone surrogate; bad input must give a 4xx, never an exception.
    private static string RemoveLoneSurrogates(string value)
    {
        var builder = new StringBuilder(value.Length);
        for (var i = 0; i < value.Length; i++)
        {
            if (char.IsHighSurrogate(value[i]) && i + 1 < value.Length && char.IsLowSurrogate(value[i + 1]))
            {
                builder.Append(value, i, 2);
                i++;
            }
            else if (!char.IsSurrogate(value[i]))
            {
                builder.Append(value[i]);
            }
        }

        return builder.ToString();
    }
}
