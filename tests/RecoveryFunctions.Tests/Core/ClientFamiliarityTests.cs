using RecoveryFunctions.Core.Accounts;
using RecoveryFunctions.Core.Options;
using RecoveryFunctions.Core.Tokens;

namespace RecoveryFunctions.Tests.Core;

/// <summary>Client familiarity, as the account keeps it (<see cref="Account.IsFamiliarClient"/>, <see cref="Account.RememberClient"/>).</summary>
public sealed class ClientFamiliarityTests
{
    private static readonly DateTimeOffset Now = new(2026, 12, 1, 9, 0, 0, TimeSpan.Zero);
    private static readonly ThrottleOptions Options = new() { SignInFamiliarClients = 3, SignInFamiliarClientLifetime = TimeSpan.FromDays(60) };
    private static readonly TokenKeyRing Ring = new(Enumerable.Repeat((byte)7, 32).ToArray(), null);

    [Theory]
    [InlineData("192.0.2.10", "192.0.2.10")]
    [InlineData("::ffff:192.0.2.10", "192.0.2.10")]
    [InlineData("2001:db8:1:2::1", "2001:db8:1:2:ffff:eeee:dddd:cccc")]
    public void IsFamiliar_SameNetwork_True(string signedInFrom, string now)
    {
        var account = Remembered(Account(), signedInFrom, Now);

        Assert.True(account.IsFamiliarClient(Ring, now, Now.AddDays(1), Options));
    }

    [Theory]
    [InlineData("192.0.2.11")]
    [InlineData("2001:db8:1:3::1")]
    public void IsFamiliar_OtherNetwork_False(string other)
    {
        var account = Remembered(Account(), "192.0.2.10", Now);
        account = Remembered(account, "2001:db8:1:2::1", Now);

        Assert.False(account.IsFamiliarClient(Ring, other, Now, Options));
    }

    [Fact]
    public void IsFamiliar_AfterLifetime_False()
    {
        var account = Remembered(Account(), "192.0.2.10", Now);

        Assert.False(account.IsFamiliarClient(Ring, "192.0.2.10", Now.AddDays(61), Options));
    }

    [Fact]
    public void IsFamiliar_SameAddressOtherAccount_False()
    {
        var account = Remembered(Account(), "192.0.2.10", Now);
        var other = Account() with { SubscriberNumber = "9052005203487", FamiliarClients = account.FamiliarClients };

        Assert.False(other.IsFamiliarClient(Ring, "192.0.2.10", Now, Options));
    }

    [Fact]
    public void IsFamiliar_AfterKeyRotation_StillFamiliarThroughPreviousKey()
    {
        var account = Remembered(Account(), "192.0.2.10", Now);
        var rotated = new TokenKeyRing(Enumerable.Repeat((byte)9, 32).ToArray(), Enumerable.Repeat((byte)7, 32).ToArray());

        Assert.True(account.IsFamiliarClient(rotated, "192.0.2.10", Now, Options));
        Assert.NotNull(account.RememberClient(rotated, "192.0.2.10", Now, Options));
    }

    [Fact]
    public void Remember_SeenWithinADay_NoWrite_AndListBounded()
    {
        var account = Remembered(Account(), "192.0.2.10", Now);
        Assert.Null(account.RememberClient(Ring, "192.0.2.10", Now.AddHours(3), Options));

        for (var i = 0; i < 5; i++)
        {
            account = Remembered(account, $"198.51.100.{i}", Now.AddMinutes(i));
        }

        Assert.Equal(3, account.FamiliarClients.Count);
        Assert.DoesNotContain(account.FamiliarClients, c => c.Key.Contains("192.0.2.10", StringComparison.Ordinal));
        Assert.False(account.IsFamiliarClient(Ring, "192.0.2.10", Now.AddMinutes(5), Options));
        Assert.True(account.IsFamiliarClient(Ring, "198.51.100.4", Now.AddMinutes(5), Options));
    }

    private static Account Remembered(Account account, string client, DateTimeOffset at)
        => account.RememberClient(Ring, client, at, Options) ?? account;

    private static Account Account() => new()
    {
        SubscriberNumber = "1234567890128",
        Email = "a@example.fr",
        Status = AccountStatus.Active,
        PasswordHash = "x",
        SecurityQuestionId = 1,
        SecurityAnswerHash = "x",
        Language = "fr",
        RegisteredAt = Now,
        SecurityStamp = 1,
    };
}
