using System.Security.Cryptography;

namespace RecoveryFunctions.Core.Identity;

/// <summary>
/// Subscriber numbers (numéro d'abonné): 13 digits, 12 random (first non-zero) then one ISO/IEC 7064 MOD 11,10
/// check digit, so a mistyped number is refused before any look-up. MOD 11,10 catches every single-digit error
/// and about 98 % of adjacent transpositions, like Luhn, but it is the ISO standard for numeric identifiers
/// (German tax id, Croatian OIB) and has no fixed blind pair (Luhn never sees 09↔90).
/// Uniqueness is the store's job: the caller retries on a conflict.
/// </summary>
public static class SubscriberNumber
{
    public const int Length = 13;
    private const int RandomDigits = Length - 1;

    public static string Generate()
    {
        Span<char> digits = stackalloc char[Length];
        digits[0] = (char)('0' + RandomNumberGenerator.GetInt32(1, 10));
        for (var i = 1; i < RandomDigits; i++)
        {
            digits[i] = (char)('0' + RandomNumberGenerator.GetInt32(0, 10));
        }

        digits[RandomDigits] = (char)('0' + CheckDigit(digits[..RandomDigits]));
        return new string(digits);
    }

    /// <summary>Exactly 13 ASCII digits, first non-zero, with a matching check digit.</summary>
    public static bool IsValid(string? value)
    {
        return value is { Length: Length }
            && value.AsSpan().IndexOfAnyExceptInRange('0', '9') < 0
            && value[0] != '0'
            && CheckDigit(value.AsSpan(0, RandomDigits)) == value[RandomDigits] - '0';
    }

    /// <summary>Accepts what a person types ("1234 5678 9012 3", dashes) and returns the bare number when valid.</summary>
    public static bool TryParse(string? input, out string value)
    {
        value = string.Empty;
        if (input is null || input.Length > 64)
        {
            return false;
        }

        var compact = new string(input.Where(c => c is not (' ' or '-' or '.' or '\u00A0')).ToArray());
        if (!IsValid(compact))
        {
            return false;
        }

        value = compact;
        return true;
    }

    // ISO/IEC 7064 MOD 11,10 (pure-system hybrid): P starts at 10; S = (P + d) mod 10, 0 read as 10; P = 2S mod 11.
    // The check digit makes the final (P + c) mod 10 equal 1.
    internal static int CheckDigit(ReadOnlySpan<char> digits)
    {
        var product = 10;
        foreach (var c in digits)
        {
            var sum = (product + (c - '0')) % 10;
            if (sum == 0)
            {
                sum = 10;
            }

            product = sum * 2 % 11;
        }

        return (11 - product) % 10;
    }
}
