using PhoneNumbers;

namespace RecoveryFunctions.Core.Identity;

/// <summary>Phones are stored in E.164 (+33612345678); national French formats are read with region FR.</summary>
public static class PhoneCanonicalizer
{
    public const string DefaultRegion = "FR";

    // E.164 has at most 15 digits; generous room for spaces, dots and a "(0)".
    private const int MaximumInputLength = 40;
    private const int VisibleDigits = 2;
    private const char HiddenDigit = '•';

    private static readonly PhoneNumberUtil Util = PhoneNumberUtil.GetInstance();

    public static bool TryCanonicalize(string? input, out string e164)
    {
        e164 = string.Empty;
        if (string.IsNullOrWhiteSpace(input) || input.Length > MaximumInputLength)
        {
            return false;
        }

        try
        {
            var number = Util.Parse(input.Trim(), DefaultRegion);
            if (!Util.IsValidNumber(number))
            {
                return false;
            }

            e164 = Util.Format(number, PhoneNumberFormat.E164);
            return true;
        }
        catch (NumberParseException)
        {
            return false;
        }
    }

    /// <summary>+33612345678 → +33•••••••78: the country code and the last two digits only.</summary>
    public static string Mask(string? e164)
    {
        if (string.IsNullOrEmpty(e164))
        {
            return string.Empty;
        }

        var digits = new string(e164.Where(char.IsAsciiDigit).ToArray());
        var countryCode = CountryCode(e164);
        var prefix = countryCode.Length > 0 && digits.StartsWith(countryCode, StringComparison.Ordinal) ? countryCode : string.Empty;
        var national = digits[prefix.Length..];
        if (national.Length <= VisibleDigits)
        {
            return new string(HiddenDigit, national.Length);
        }

        var visible = national[^VisibleDigits..];
        var hidden = new string(HiddenDigit, national.Length - VisibleDigits);
        return prefix.Length > 0 ? $"+{prefix}{hidden}{visible}" : $"{hidden}{visible}";
    }

    private static string CountryCode(string e164)
    {
        try
        {
            var code = Util.Parse(e164, DefaultRegion).CountryCode;
            return code.ToString(System.Globalization.CultureInfo.InvariantCulture);
        }
        catch (NumberParseException)
        {
            return string.Empty;
        }
    }
}
