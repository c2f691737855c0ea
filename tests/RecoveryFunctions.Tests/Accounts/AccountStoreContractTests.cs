using Microsoft.Extensions.DependencyInjection;
using RecoveryFunctions.Core.Accounts;
using RecoveryFunctions.Core.Identity;
using RecoveryFunctions.TestSupport;

namespace RecoveryFunctions.Tests.Accounts;

/// <summary>The decoy read of <see cref="IAccountStore.FindByEmailAsync"/>, which keeps unknown addresses indistinguishable, held by the Table adapter.</summary>
public sealed class AccountStoreContractTests(ServiceGraphFixture graph) : IClassFixture<ServiceGraphFixture>
{
    [Fact]
    public void DecoySubscriberNumber_FailsTheCheckDigit_NoAccountCanLiveThere()
    {
        Assert.Equal(13, IAccountStore.DecoySubscriberNumber.Length);
        Assert.False(SubscriberNumber.IsValid(IAccountStore.DecoySubscriberNumber));
    }

    [Fact]
    public async Task FindByEmail_UnknownAndKnownAddress_SameTwoPointReads()
    {
        var accounts = graph.Services.GetRequiredService<IAccountStore>();
        var known = await graph.CreateAccountAsync(AccountStatus.Active);
        var seen = new List<IReadOnlyList<string>>();
        var found = new List<bool>();

        foreach (var email in new[] { $"inconnu.{Guid.NewGuid():N}@example.fr", known })
        {
            graph.StorageOperations.Clear();
            found.Add(await accounts.FindByEmailAsync(email) is not null);
            seen.Add(graph.StorageOperations.Requests.Select(r => $"{r.Method} {r.Resource} {(r.IsPointRead ? "point" : "other")}").ToList());
        }

        Assert.Equal([false, true], found);
        Assert.Equal(2, seen[0].Count);
        Assert.All(seen[0], op => Assert.EndsWith(" point", op, StringComparison.Ordinal));
        Assert.Equal(seen[0], seen[1]);
        Assert.Null(await accounts.GetAsync(IAccountStore.DecoySubscriberNumber));
    }
}
