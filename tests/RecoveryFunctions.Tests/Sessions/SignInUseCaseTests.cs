using Microsoft.Extensions.DependencyInjection;
using RecoveryFunctions.Core.Accounts;
using RecoveryFunctions.Core.Errors;
using RecoveryFunctions.Core.Sessions;
using RecoveryFunctions.TestSupport.InMemory;
using static RecoveryFunctions.Tests.Sessions.SignInOperationsTests;

namespace RecoveryFunctions.Tests.Sessions;

/// <summary>
/// contract §2.2, the lockout's rules on the Core services and the in-memory adapters: a familiar client and strangers have
/// budgets of their own, and successes hand their hits back (what a refusal costs: SignInOperationsTests, on Azurite).
/// </summary>
public sealed class SignInUseCaseTests(InMemoryServiceGraph graph) : IClassFixture<InMemoryServiceGraph>
{
    private SignInService SignIn => graph.Request<SignInService>();

    [Fact]
    public async Task SignIn_StrangersLockedOut_FamiliarClientStillSignsIn()
    {
        var email = await graph.CreateAccountAsync(AccountStatus.Active);
        const string home = "2001:db8:42:7::10";
        await SignIn.SignInAsync(email, RightPassword, home);
        await FailAsync(SignIn, email, 8);

        await Assert.ThrowsAsync<DomainException>(() => SignIn.SignInAsync(email, RightPassword, NextClient()));
        // Another address of the same IPv6 /64 network is the same familiar client.
        var session = await SignIn.SignInAsync(email, RightPassword, "2001:db8:42:7:a:b:c:d");

        Assert.NotEmpty(session.SessionToken);
    }

    [Fact]
    public async Task SignIn_FamiliarClientLockedOut_StrangerBudgetUntouched()
    {
        var email = await graph.CreateAccountAsync(AccountStatus.Active);
        const string home = "192.0.2.44";
        await SignIn.SignInAsync(email, RightPassword, home);
        for (var i = 0; i < 5; i++)
        {
            await Assert.ThrowsAsync<DomainException>(() => SignIn.SignInAsync(email, WrongPassword, home));
        }

        await Assert.ThrowsAsync<DomainException>(() => SignIn.SignInAsync(email, RightPassword, home));
        var session = await SignIn.SignInAsync(email, RightPassword, NextClient());

        Assert.NotEmpty(session.SessionToken);
    }

    [Fact]
    public async Task SignIn_SuccessesFromOneClient_NeverLockIt()
    {
        var email = await graph.CreateAccountAsync(AccountStatus.Active);
        for (var i = 0; i < 8; i++)
        {
            await SignIn.SignInAsync(email, RightPassword, "192.0.2.45");
        }

        // Four failures after eight successes: the successes were handed back, so this is not a lock yet.
        for (var i = 0; i < 4; i++)
        {
            await Assert.ThrowsAsync<DomainException>(() => SignIn.SignInAsync(email, WrongPassword, "192.0.2.45"));
        }

        Assert.NotEmpty((await SignIn.SignInAsync(email, RightPassword, "192.0.2.45")).SessionToken);
    }
}
