using RecoveryFunctions.Core.Passwords;
using MsOptions = Microsoft.Extensions.Options.Options;

namespace RecoveryFunctions.Tests.Core;

public sealed class PasswordHistoryTests
{
    private readonly Argon2idPasswordHasher _hasher = TestOptions.FastHasher();

    private PasswordHistory History() => new(_hasher, MsOptions.Create(TestOptions.FastArgon()));

    [Fact]
    public void IsReused_PasswordInHistory_ReturnsTrue()
    {
        var history = new[] { _hasher.Hash("Current-pass-1"), _hasher.Hash("Older-pass-22") };

        Assert.True(History().IsReused("Older-pass-22", history));
    }

    [Fact]
    public void IsReused_NewPassword_ReturnsFalse()
    {
        var history = new[] { _hasher.Hash("Current-pass-1"), "garbage" };

        Assert.False(History().IsReused("Brand-new-pass-3", history));
    }

    [Fact]
    public void IsReused_SixthOldestPassword_IsForgotten()
    {
        var history = Enumerable.Range(1, 6).Select(i => _hasher.Hash($"Pass-number-{i}")).ToList();

        Assert.True(History().IsReused("Pass-number-5", history));
        Assert.False(History().IsReused("Pass-number-6", history));
    }

    [Fact]
    public void Violation_Code_IsPasswordReused()
    {
        Assert.Equal("password-reused", PasswordHistory.Violation.Code);
    }
}
