using System.Buffers;
using System.Globalization;
using System.Text;

namespace RecoveryFunctions.Core.Identity;

/// <summary>
/// The one canonical form of a login email, stored and looked up (contract §4): trimmed, NFKC (full-width
/// letters and the Kelvin sign become ASCII), lower-cased, domain in punycode.
/// </summary>
/// <remarks>
/// The local part is lower-cased too. RFC 5321 lets a server treat it case-sensitively, but the portal treats
/// addresses case-insensitively and no mainstream provider does otherwise; keeping case would let
/// "Jean@x.fr" and "jean@x.fr" be two accounts and make look-ups miss. Mail goes to the canonical form.
/// Only dot-atom ASCII local parts are accepted: no quoted strings, no SMTPUTF8, since the mail service
/// and most receivers would not deliver them.
/// </remarks>
public static class EmailCanonicalizer
{
    public const int MaximumLength = 254;
    public const int MaximumLocalPartLength = 64;
    private const int MaximumLabelLength = 63;

    // Bounds the work on hostile input before normalising; NFKC can only shrink a legitimate address a little.
    private const int MaximumInputLength = 1024;

    // RFC 5322 atext plus the dot of dot-atom.
    private static readonly SearchValues<char> LocalPartCharacters =
        SearchValues.Create("abcdefghijklmnopqrstuvwxyz0123456789!#$%&'*+-/=?^_`{|}~.");

    private static readonly SearchValues<char> LabelCharacters =
        SearchValues.Create("abcdefghijklmnopqrstuvwxyz0123456789-");

    private static readonly IdnMapping Idn = new() { UseStd3AsciiRules = true, AllowUnassigned = false };

    public static bool TryCanonicalize(string? input, out string canonical)
    {
        canonical = string.Empty;
        if (input is null || input.Length > MaximumInputLength)
        {
            return false;
        }

        var trimmed = input.Trim();
        if (trimmed.Length == 0 || !TryNormalizeKc(trimmed, out var normalized))
        {
            return false;
        }

        var lower = normalized.ToLowerInvariant();
        var at = lower.IndexOf('@', StringComparison.Ordinal);
        if (at <= 0 || at != lower.LastIndexOf('@') || at == lower.Length - 1)
        {
            return false;
        }

        var local = lower[..at];
        if (!IsValidLocalPart(local) || !TryToAsciiDomain(lower[(at + 1)..], out var domain))
        {
            return false;
        }

        var result = string.Concat(local, "@", domain);
        if (result.Length > MaximumLength)
        {
            return false;
        }

        canonical = result;
        return true;
    }

    private static bool TryNormalizeKc(string value, out string normalized)
    {
        normalized = string.Empty;
        try
        {
            normalized = value.Normalize(NormalizationForm.FormKC);
            return true;
        }
        catch (ArgumentException)
        {
            // A lone surrogate: not an address.
            return false;
        }
    }

    private static bool IsValidLocalPart(string local)
    {
        return local.Length <= MaximumLocalPartLength
            && local.AsSpan().IndexOfAnyExcept(LocalPartCharacters) < 0
            && local[0] != '.'
            && local[^1] != '.'
            && !local.Contains("..", StringComparison.Ordinal);
    }

    private static bool TryToAsciiDomain(string domain, out string ascii)
    {
        ascii = string.Empty;

        // Whitespace and controls are refused before IdnMapping, which would otherwise report them as a format error.
        if (domain.Length == 0 || domain.Any(c => char.IsWhiteSpace(c) || char.IsControl(c)) || domain[^1] == '.')
        {
            return false;
        }

        string mapped;
        try
        {
            mapped = Idn.GetAscii(domain).ToLowerInvariant();
        }
        catch (ArgumentException)
        {
            return false;
        }

        var labels = mapped.Split('.');
        if (labels.Length < 2 || !labels.All(IsValidLabel) || labels[^1].All(char.IsAsciiDigit))
        {
            return false;
        }

        ascii = mapped;
        return true;
    }

    private static bool IsValidLabel(string label)
    {
        return label.Length is > 0 and <= MaximumLabelLength
            && label.AsSpan().IndexOfAnyExcept(LabelCharacters) < 0
            && label[0] != '-'
            && label[^1] != '-';
    }
}
