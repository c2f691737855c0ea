using System.Buffers;
using System.Security.Cryptography;

namespace RecoveryFunctions.Core.Tokens;

/// <summary>
/// Short codes a person types from an email: 8 characters from a 31-letter alphabet (≈ 39.6 bits; with
/// 5 tries per code a guess succeeds about once in 10^11). The alphabet drops 0/O, 1/I/L, the pairs people
/// misread in print. Emails show it in two groups ("8DPF-6HSC"); input is case-insensitive and may keep or drop
/// the separator, or use any space or dash a copy from an email or a phone keyboard brings (no-break space, en dash...).
/// </summary>
public static class CodeGenerator
{
    public const string Alphabet = "23456789ABCDEFGHJKMNPQRSTUVWXYZ";
    public const int Length = 8;

    private static readonly SearchValues<char> AlphabetValues = SearchValues.Create(Alphabet);

    public static string NewCode() => RandomNumberGenerator.GetString(Alphabet, Length);

    /// <summary>"abcd-efgh " → "ABCDEFGH" when every character is in the alphabet.</summary>
    public static bool TryNormalize(string? input, out string code) => TryNormalize(input, Length, out code);

    /// <summary>The same for a code of <paramref name="length"/> characters (saved recovery codes are longer).</summary>
    public static bool TryNormalize(string? input, int length, out string code)
    {
        code = string.Empty;

        // Room for one separator per character: a code typed in pairs still fits.
        if (input is null || input.Length > Math.Max(32, length * 2))
        {
            return false;
        }

        var compact = new string(input.Where(c => !IsSeparator(c)).ToArray()).ToUpperInvariant();
        if (compact.Length != length || compact.AsSpan().IndexOfAnyExcept(AlphabetValues) >= 0)
        {
            return false;
        }

        code = compact;
        return true;
    }

    private static bool IsSeparator(char c)
        => char.IsWhiteSpace(c) || char.GetUnicodeCategory(c) == System.Globalization.UnicodeCategory.DashPunctuation;

    /// <summary>ABCDEFGH → ABCD-EFGH, easier to read in an email.</summary>
    public static string Format(string code)
    {
        ArgumentNullException.ThrowIfNull(code);
        return code.Length == Length ? string.Concat(code.AsSpan(0, 4), "-", code.AsSpan(4)) : code;
    }
}
