using Microsoft.Extensions.Options;
using RecoveryFunctions.Core.Options;

namespace RecoveryFunctions.Core.Passwords;

/// <summary>
/// Checks a candidate password against the configured profile (contract §4) and returns every broken rule,
/// so the front end can show them all at once. History (reuse) is checked by <see cref="PasswordHistory"/>.
/// </summary>
public sealed class PasswordPolicy(
    IOptions<PasswordOptions> passwordOptions,
    IOptions<ServiceOptions> serviceOptions,
    IOptions<RecoveryOptions> recoveryOptions,
    CommonPasswordList commonPasswords)
{
    public const int MaximumLength = 128;
    private const int SeedMinimumLength = 12;
    private const int AsvsMinimumLength = 15;

    // A shorter local part ("jo") would refuse too many unrelated passwords.
    private const int MinimumPersonalFragment = 3;

    // Local-part pieces ("jean" of jean.dupont) are refused from this length, to limit false positives.
    private const int MinimumLocalPartSegment = 4;

    // The ASVS standards profile brings the ASVS password rules with it (docs/security/standards-profile.md).
    private readonly PasswordPolicyProfile _profile = recoveryOptions.Value.Profile == StandardsProfile.Asvs ? PasswordPolicyProfile.Asvs : passwordOptions.Value.Profile;
    private readonly string _brand = serviceOptions.Value.Brand;

    public PasswordPolicy(IOptions<PasswordOptions> passwordOptions, IOptions<ServiceOptions> serviceOptions, IOptions<RecoveryOptions>? recoveryOptions = null)
        : this(passwordOptions, serviceOptions, recoveryOptions ?? Microsoft.Extensions.Options.Options.Create(new RecoveryOptions()), CommonPasswordList.Default)
    {
    }

    public PasswordPolicyProfile Profile => _profile;

    public int MinimumLength => _profile == PasswordPolicyProfile.Asvs ? AsvsMinimumLength : SeedMinimumLength;

    public IReadOnlyList<PasswordRuleViolation> Validate(string candidate, PasswordContext context)
    {
        ArgumentNullException.ThrowIfNull(candidate);
        ArgumentNullException.ThrowIfNull(context);

        var violations = new List<PasswordRuleViolation>();
        var text = _profile == PasswordPolicyProfile.Asvs ? PasswordNormalizer.Normalize(candidate) : candidate;

        CheckLength(text, violations);
        if (_profile == PasswordPolicyProfile.Seed)
        {
            CheckSeedCharacters(text, violations);
        }
        else
        {
            CheckPrintable(text, violations);
        }

        if (commonPasswords.Contains(text))
        {
            violations.Add(new PasswordRuleViolation(PasswordRuleCodes.Common));
        }

        if (ContainsPersonalData(text, context))
        {
            violations.Add(new PasswordRuleViolation(PasswordRuleCodes.ContainsPersonalData));
        }

        return violations;
    }

    private void CheckLength(string text, List<PasswordRuleViolation> violations)
    {
        // Code points, not UTF-16 units: an emoji is one character to the person typing it.
        var length = PasswordNormalizer.HasLoneSurrogate(text) ? text.Length : text.EnumerateRunes().Count();
        if (length < MinimumLength)
        {
            violations.Add(new PasswordRuleViolation(PasswordRuleCodes.TooShort, MinimumLength));
        }

        if (length > MaximumLength)
        {
            violations.Add(new PasswordRuleViolation(PasswordRuleCodes.TooLong, MaximumLength));
        }
    }

    private static void CheckSeedCharacters(string text, List<PasswordRuleViolation> violations)
    {
        bool letter = false, digit = false, whitespace = false, nonAscii = false, invalid = false;
        foreach (var c in text)
        {
            letter |= char.IsAsciiLetter(c);
            digit |= char.IsAsciiDigit(c);
            whitespace |= char.IsWhiteSpace(c);
            nonAscii |= c > '\u007E' && !char.IsWhiteSpace(c) && !char.IsControl(c);
            invalid |= char.IsControl(c) && !char.IsWhiteSpace(c);
        }

        AddIf(!letter, PasswordRuleCodes.LetterRequired, violations);
        AddIf(!digit, PasswordRuleCodes.DigitRequired, violations);
        AddIf(whitespace, PasswordRuleCodes.Whitespace, violations);
        AddIf(nonAscii, PasswordRuleCodes.NonAscii, violations);
        AddIf(invalid, PasswordRuleCodes.InvalidCharacter, violations);
    }

    private static void CheckPrintable(string text, List<PasswordRuleViolation> violations)
    {
        // ASVS allows spaces and any script; only characters nobody can type or see are refused.
        var invalid = PasswordNormalizer.HasLoneSurrogate(text) || text.Any(c => char.IsControl(c));
        AddIf(invalid, PasswordRuleCodes.InvalidCharacter, violations);
    }

    private bool ContainsPersonalData(string text, PasswordContext context)
    {
        return PersonalFragments(context).Any(fragment => text.Contains(fragment, StringComparison.OrdinalIgnoreCase));
    }

    private IEnumerable<string> PersonalFragments(PasswordContext context)
    {
        if (!string.IsNullOrWhiteSpace(context.Email))
        {
            var at = context.Email.LastIndexOf('@');
            var local = (at >= 0 ? context.Email[..at] : context.Email).Trim();
            if (local.Length >= MinimumPersonalFragment)
            {
                yield return local;
            }

            // jean.dupont → "jean", "dupont": a name alone is as guessable as the whole address.
            foreach (var segment in local.Split(['.', '-', '_', '+'], StringSplitOptions.RemoveEmptyEntries))
            {
                if (segment.Length >= MinimumLocalPartSegment)
                {
                    yield return segment;
                }
            }
        }

        if (!string.IsNullOrWhiteSpace(context.SubscriberNumber) && context.SubscriberNumber.Trim().Length >= MinimumPersonalFragment)
        {
            yield return context.SubscriberNumber.Trim();
        }

        var service = _brand.Trim();
        if (service.Length >= MinimumPersonalFragment)
        {
            yield return service;
            yield return service.Replace(".", string.Empty, StringComparison.Ordinal);

            // "impots" of impots.gouv.fr: the name people actually type.
            var firstLabel = service.Split('.')[0];
            if (firstLabel.Length >= MinimumPersonalFragment)
            {
                yield return firstLabel;
            }
        }
    }

    private static void AddIf(bool condition, string code, List<PasswordRuleViolation> violations)
    {
        if (condition)
        {
            violations.Add(new PasswordRuleViolation(code));
        }
    }
}
