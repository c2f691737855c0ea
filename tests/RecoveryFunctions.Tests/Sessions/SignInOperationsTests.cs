using Microsoft.Extensions.DependencyInjection;
using RecoveryFunctions.Core.Accounts;
using RecoveryFunctions.Core.Errors;
using RecoveryFunctions.Core.Sessions;
using RecoveryFunctions.TestSupport;

namespace RecoveryFunctions.Tests.Sessions;

/// <summary>
/// SPEC §2.2, deterministically: what a refused sign-in costs, counted by a pipeline policy on the real SDK
/// clients and by a counting Argon2id hasher, is the same for every account state and either password.
/// </summary>
public sealed class SignInOperationsTests(ServiceGraphFixture graph) : IClassFixture<ServiceGraphFixture>
{
    private const string RightPassword = "Cerisier-Bleu-4821";
    private const string WrongPassword = "Mauvais-Essai-0000";
    private static int _client;

    private SignInService SignIn => graph.Request<SignInService>();

    [Fact]
    public async Task SignIn_EveryAccountStateWrongOrRightPassword_SameOperationsAndOneArgon2id()
    {
        var now = graph.Time.GetUtcNow();
        var pending = await graph.CreateAccountAsync(AccountStatus.Pending);
        var active = await graph.CreateAccountAsync(AccountStatus.Active);
        var accountLocked = await graph.CreateAccountAsync(AccountStatus.Active, signInLockedUntil: now.AddMinutes(10));
        var lockedOut = await graph.CreateAccountAsync(AccountStatus.Active);
        await FailAsync(lockedOut, 5);
        var unknown = $"inconnu.{Guid.NewGuid():N}@example.fr";

        var cases = new (string Email, string Password)[]
        {
            (unknown, WrongPassword), (pending, WrongPassword), (pending, RightPassword), (active, WrongPassword),
            (accountLocked, WrongPassword), (accountLocked, RightPassword), (lockedOut, WrongPassword), (lockedOut, RightPassword),
        };
        var seen = new List<IReadOnlyList<string>>();
        foreach (var (email, password) in cases)
        {
            var (operations, hashes) = await RefusedAsync(email, password);
            seen.Add(operations);
            Assert.Equal(1, hashes);
        }

        Assert.Equal(["GET emailindex", "GET accounts", "GET throttles", "POST $batch", "GET throttles", "POST $batch"], seen[0]);
        Assert.All(seen, operations => Assert.Equal(seen[0], operations));
    }

    [Fact]
    public async Task SignIn_FailureThatStartsALock_SameOperationsForUnknownAndActive()
    {
        var active = await graph.CreateAccountAsync(AccountStatus.Active);
        var unknown = $"inconnu.{Guid.NewGuid():N}@example.fr";
        await FailAsync(active, 4);
        await FailAsync(unknown, 4);

        var (activeOperations, _) = await RefusedAsync(active, WrongPassword);
        var (unknownOperations, _) = await RefusedAsync(unknown, WrongPassword);

        // The lock notice: an audit row and an outbox message in both cases, only the active one has a recipient.
        Assert.Contains(activeOperations, op => op.StartsWith("POST email-", StringComparison.Ordinal));
        Assert.Contains("POST audit", activeOperations);
        Assert.Equal(activeOperations, unknownOperations);
    }

    [Fact]
    public async Task SignIn_RightPassword_RefusalsOperationsThenHandBackAndSession()
    {
        var active = await graph.CreateAccountAsync(AccountStatus.Active);
        var (refused, _) = await RefusedAsync(active, WrongPassword);
        graph.StorageOperations.Clear();
        graph.Hashes.Reset();

        await SignIn.SignInAsync(active, RightPassword, NextClient());

        var operations = graph.Describe();
        Assert.Equal(1, graph.Hashes.Evaluations);
        Assert.Equal(refused, operations.Take(refused.Count));
        Assert.Equal("POST tokens", operations[^1]);
    }

    [Fact]
    public async Task SignIn_StrangersLockedOut_FamiliarClientStillSignsIn()
    {
        var email = await graph.CreateAccountAsync(AccountStatus.Active);
        const string home = "2001:db8:42:7::10";
        await SignIn.SignInAsync(email, RightPassword, home);
        await FailAsync(email, 8);

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

    private async Task<(IReadOnlyList<string> Operations, int Hashes)> RefusedAsync(string email, string password)
    {
        graph.StorageOperations.Clear();
        graph.Hashes.Reset();
        var refused = await Assert.ThrowsAsync<DomainException>(() => SignIn.SignInAsync(email, password, NextClient()));
        Assert.Equal(ProblemCode.CredentialsInvalid.Value, refused.Code);
        return (graph.Describe(), graph.Hashes.Evaluations);
    }

    private async Task FailAsync(string email, int times)
    {
        for (var i = 0; i < times; i++)
        {
            await Assert.ThrowsAsync<DomainException>(() => SignIn.SignInAsync(email, WrongPassword, NextClient()));
        }
    }

    private static string NextClient()
    {
        var n = Interlocked.Increment(ref _client);
        return $"198.51.{(n >> 8) & 0xFF}.{n & 0xFF}";
    }
}
