using Microsoft.Extensions.DependencyInjection;
using RecoveryFunctions.Core.Accounts;
using RecoveryFunctions.Core.Registration;
using RecoveryFunctions.TestSupport;

namespace RecoveryFunctions.Tests.Registration;

/// <summary>
/// contract §2.1 and §5, deterministically: registering a new, pending, active or locked address issues the same
/// storage and queue operations (kinds, count, order) and the same Argon2id work.
/// </summary>
public sealed class RegistrationOperationsTests(ServiceGraphFixture graph) : IClassFixture<ServiceGraphFixture>
{
    [Fact]
    public async Task Register_NewPendingActiveLocked_SameOperationsAndArgon2id()
    {
        var now = graph.Time.GetUtcNow();
        var pending = await graph.CreateAccountAsync(AccountStatus.Pending);
        var active = await graph.CreateAccountAsync(AccountStatus.Active);
        var locked = await graph.CreateAccountAsync(AccountStatus.Active, recoveryLockedUntil: now.AddHours(12), signInLockedUntil: now.AddMinutes(10));
        var fresh = $"nouveau.{Guid.NewGuid():N}@example.fr";

        var seen = new List<IReadOnlyList<string>>();
        foreach (var email in new[] { fresh, pending, active, locked })
        {
            graph.StorageOperations.Clear();
            graph.Hashes.Reset();
            await graph.Request<RegistrationService>().RegisterAsync(new RegistrationRequest(email, "Pommier-Rouge-7315", 2, "Médor le chien", null, "fr"));
            seen.Add(graph.Describe());
            Assert.Equal(2, graph.Hashes.Evaluations);
        }

        Assert.Contains("POST email-outbox", seen[0]);
        Assert.Contains("POST tokens", seen[0]);
        Assert.All(seen, operations => Assert.Equal(seen[0], operations));
    }
}
