using System.Text;

namespace RecoveryFunctions.Core.Passwords;

/// <summary>NFKC, so the same password typed on another keyboard or IME hashes the same.</summary>
public static class PasswordNormalizer
{
    /// <returns>The NFKC form, or the input unchanged when it holds a lone surrogate (Normalize would throw).</returns>
    public static string Normalize(string value)
    {
        ArgumentNullException.ThrowIfNull(value);
        if (HasLoneSurrogate(value))
        {
            return value;
        }

        return value.IsNormalized(NormalizationForm.FormKC) ? value : value.Normalize(NormalizationForm.FormKC);
    }

    public static bool HasLoneSurrogate(string value)
    {
        for (var i = 0; i < value.Length; i++)
        {
            if (char.IsHighSurrogate(value[i]) && i + 1 < value.Length && char.IsLowSurrogate(value[i + 1]))
            {
                i++;
                continue;
            }

            if (char.IsSurrogate(value[i]))
            {
                return true;
            }
        }

        return false;
    }
}
