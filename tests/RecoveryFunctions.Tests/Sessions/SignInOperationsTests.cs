using Microsoft.Extensions.DependencyInjection;
using RecoveryFunctions.Core.Accounts;
using RecoveryFunctions.Core.Errors;
using RecoveryFunctions.Core.Sessions;
using RecoveryFunctions.TestSupport;

namespace RecoveryFunctions.Tests.Sessions;

/// <summary>
/// contract §2.2, deterministically: what a refused sign-in costs, counted by a pipeline policy on the real SDK
/// clients and by a counting Argon2id hasher, is the same for every account state and either password.
/// </summary>
public sealed class SignInOperationsTests(ServiceGraphFixture graph) : IClassFixture<ServiceGraphFixture>
{
    internal const string RightPassword = "Cerisier-Bleu-4821";
    internal const string WrongPassword = "Mauvais-Essai-0000";
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
        await FailAsync(SignIn, lockedOut, 5);
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

        // The hour's client and address counters: one query, one batch each (their own partitions); the day's address counter.
        Assert.Equal(["GET emailindex", "GET accounts", "GET throttles", "POST $batch", "POST $batch", "GET throttles", "POST $batch"], seen[0]);
        Assert.All(seen, operations => Assert.Equal(seen[0], operations));
    }

    [Fact]
    public async Task SignIn_FailureThatStartsALock_SameOperationsForUnknownAndActive()
    {
        var active = await graph.CreateAccountAsync(AccountStatus.Active);
        var unknown = $"inconnu.{Guid.NewGuid():N}@example.fr";
        await FailAsync(SignIn, active, 4);
        await FailAsync(SignIn, unknown, 4);

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

    private async Task<(IReadOnlyList<string> Operations, int Hashes)> RefusedAsync(string email, string password)
    {
        graph.StorageOperations.Clear();
        graph.Hashes.Reset();
        var refused = await Assert.ThrowsAsync<DomainException>(() => SignIn.SignInAsync(email, password, NextClient()));
        Assert.Equal(ProblemCode.CredentialsInvalid.Value, refused.Code);
        return (graph.Describe(), graph.Hashes.Evaluations);
    }

    /// <summary>Fails <paramref name="times"/> sign-ins of <paramref name="email"/>, each from a new client address.</summary>
    internal static async Task FailAsync(SignInService signIn, string email, int times)
    {
        for (var i = 0; i < times; i++)
        {
            await Assert.ThrowsAsync<DomainException>(() => signIn.SignInAsync(email, WrongPassword, NextClient()));
        }
    }

    internal static string NextClient()
    {
        var n = Interlocked.Increment(ref _client);
        return $"198.51.{(n >> 8) & 0xFF}.{n & 0xFF}";
    }
}
