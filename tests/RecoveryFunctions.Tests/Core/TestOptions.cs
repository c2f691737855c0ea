using RecoveryFunctions.Core.Options;
using RecoveryFunctions.Core.Passwords;
using MsOptions = Microsoft.Extensions.Options.Options;

namespace RecoveryFunctions.Tests.Core;

/// <summary>Options and services with cheap Argon2 parameters, so the suite stays fast on two cores.</summary>
internal static class TestOptions
{
    public static PasswordOptions FastArgon(PasswordPolicyProfile profile = PasswordPolicyProfile.Seed) => new()
    {
        Profile = profile,
        Argon2MemoryKiB = 8 * 1024,
        Argon2Iterations = 1,
        Argon2Parallelism = 1,
        HistoryLength = 5,
    };

    public static Argon2idPasswordHasher FastHasher() => new(MsOptions.Create(FastArgon()));

    public static PasswordPolicy Policy(PasswordPolicyProfile profile) => new(
        MsOptions.Create(FastArgon(profile)),
        MsOptions.Create(new ServiceOptions { Brand = "impots.gouv.fr" }));
}
