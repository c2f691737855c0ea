using System.ComponentModel.DataAnnotations;

namespace RecoveryFunctions.Core.Options;

public enum PasswordPolicyProfile
{
    /// <summary>The reference portal's rules: 12-128 ASCII, a letter and a digit, no spaces.</summary>
    Seed,

    /// <summary>OWASP ASVS: 15-128 printable Unicode (NFKC), no composition rule.</summary>
    Asvs,
}

public sealed class PasswordOptions
{
    public const string SectionName = "Password";

    public PasswordPolicyProfile Profile { get; set; } = PasswordPolicyProfile.Seed;

    /// <summary>Argon2id memory in KiB (OWASP: 19 MiB).</summary>
    [Range(8 * 1024, 1024 * 1024)]
    public int Argon2MemoryKiB { get; set; } = 19 * 1024;

    [Range(1, 10)]
    public int Argon2Iterations { get; set; } = 2;

    [Range(1, 1)]
    public int Argon2Parallelism { get; set; } = 1;

    [Range(0, 24)]
    public int HistoryLength { get; set; } = 5;
}

public sealed class PasswordOptionsValidator() : OptionsValidator<PasswordOptions>(PasswordOptions.SectionName);
