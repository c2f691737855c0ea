using Microsoft.Extensions.DependencyInjection;
using RecoveryFunctions.Core.Accounts;
using RecoveryFunctions.Core.Audit;
using RecoveryFunctions.Core.Identity;
using RecoveryFunctions.TestSupport;
using RecoveryFunctions.TestSupport.InMemory;
using RecoveryFunctions.Tests.Contracts;

namespace RecoveryFunctions.Tests.Accounts;

/// <summary>
/// What the steps rely on from <see cref="IAccountStore"/>, held by every adapter: the decoy read that keeps unknown
/// addresses indistinguishable, the unique email claim, and writes that lose a race rather than overwrite.
/// </summary>
public abstract class AccountStoreContractTests(IServiceGraph graph)
{
    private IAccountStore Accounts => graph.Services.GetRequiredService<IAccountStore>();

    [Fact]
    public void DecoySubscriberNumber_FailsTheCheckDigit_NoAccountCanLiveThere()
    {
        Assert.Equal(13, IAccountStore.DecoySubscriberNumber.Length);
        Assert.False(SubscriberNumber.IsValid(IAccountStore.DecoySubscriberNumber));
    }

    [Fact]
    public async Task FindByEmail_UnknownAndKnownAddress_SameTwoPointReads()
    {
        var accounts = Accounts;
        var known = await graph.CreateAccountAsync(AccountStatus.Active);
        var seen = new List<IReadOnlyList<string>>();
        var found = new List<bool>();

        foreach (var email in new[] { $"inconnu.{Guid.NewGuid():N}@example.fr", known })
        {
            graph.ClearOperations();
            found.Add(await accounts.FindByEmailAsync(email) is not null);
            seen.Add(graph.Operations.Select(r => $"{r.Method} {r.Resource} {(r.IsPointRead ? "point" : "other")}").ToList());
        }

        Assert.Equal([false, true], found);
        Assert.Equal(2, seen[0].Count);
        Assert.All(seen[0], op => Assert.EndsWith(" point", op, StringComparison.Ordinal));
        Assert.Equal(seen[0], seen[1]);
        Assert.Null(await accounts.GetAsync(IAccountStore.DecoySubscriberNumber));
    }

    [Fact]
    public async Task ClaimEmail_TwentyInParallel_ExactlyOneClaims()
    {
        var email = $"course.{Guid.NewGuid():N}@example.fr";

        var claims = await Task.WhenAll(Enumerable.Range(0, 20).Select(_ => Task.Run(() => Accounts.TryClaimEmailAsync(email, SubscriberNumber.Generate()))));

        Assert.Single(claims, c => c);
    }

    [Fact]
    public async Task Create_SubscriberNumberTaken_RefusedAndTheFirstKept()
    {
        var first = (await Accounts.FindByEmailAsync(await graph.CreateAccountAsync(AccountStatus.Active)))!;

        var again = await Accounts.TryCreateAsync(first.Account with { Email = $"autre.{Guid.NewGuid():N}@example.fr" });

        Assert.False(again);
        Assert.Equal(first.Account.Email, (await Accounts.GetAsync(first.Account.SubscriberNumber))!.Account.Email);
    }

    [Fact]
    public async Task Update_TwoWritersFromOneVersion_SecondLosesTheRace()
    {
        var read = (await Accounts.FindByEmailAsync(await graph.CreateAccountAsync(AccountStatus.Active)))!;

        var first = await Accounts.TryUpdateAsync(read.Account with { FailedSignIns = 1 }, read.Version);
        var second = await Accounts.TryUpdateAsync(read.Account with { FailedSignIns = 7 }, read.Version);

        Assert.NotNull(first);
        Assert.NotEqual(read.Version, first);
        Assert.Null(second);
        Assert.Equal(1, (await Accounts.GetAsync(read.Account.SubscriberNumber))!.Account.FailedSignIns);
        Assert.NotNull(await Accounts.TryUpdateAsync(read.Account with { FailedSignIns = 2 }, first!));
    }

    [Fact]
    public async Task Update_TenInParallelFromOneVersion_ExactlyOneWins()
    {
        var read = (await Accounts.FindByEmailAsync(await graph.CreateAccountAsync(AccountStatus.Active)))!;

        var written = await Task.WhenAll(Enumerable.Range(1, 10).Select(i => Task.Run(() => Accounts.TryUpdateAsync(read.Account with { FailedSignIns = i }, read.Version))));

        Assert.Single(written, v => v is not null);
    }

    /// <summary>
    /// An audit event that records an account write rides it (decision 0011): of two writers from one version, the loser
    /// writes neither its account nor its event; the winner's event is listed with the account's other events, which stay
    /// where they are, and the account still reads as itself.
    /// </summary>
    [Fact]
    public async Task Update_WithItsAuditEvent_BothOrNeither_ListedWithTheOthers()
    {
        var read = (await Accounts.FindByEmailAsync(await graph.CreateAccountAsync(AccountStatus.Active)))!;
        var number = read.Account.SubscriberNumber;
        var at = graph.Time.GetUtcNow();
        var audit = graph.Services.GetRequiredService<IAuditLog>();
        await audit.AppendAsync(AuditEvent.ByHolder(number, at.AddMinutes(-1), AuditEventTypes.PhoneChanged));

        var won = await Accounts.TryUpdateAsync(read.Account with { FailedSignIns = 1 }, read.Version, AuditEvent.ByHolder(number, at, AuditEventTypes.PasswordReset));
        var lost = await Accounts.TryUpdateAsync(read.Account with { FailedSignIns = 7 }, read.Version, AuditEvent.ByHolder(number, at.AddMinutes(1), AuditEventTypes.PasswordChanged));

        Assert.NotNull(won);
        Assert.Null(lost);
        var stored = (await Accounts.GetAsync(number))!;
        Assert.Equal((1, won), (stored.Account.FailedSignIns, stored.Version));
        Assert.Equal([AuditEventTypes.PasswordReset, AuditEventTypes.PhoneChanged], (await audit.ListAsync(number, 10)).Select(e => e.Type));
        Assert.Equal([AuditEventTypes.PasswordReset], (await audit.ListAsync(number, 1)).Select(e => e.Type));
    }

    /// <summary>AuditPlacement is the one place that decides: each writer refuses the other's events.</summary>
    [Fact]
    public async Task AuditEvent_HandedToTheWrongWriter_Refused()
    {
        var read = (await Accounts.FindByEmailAsync(await graph.CreateAccountAsync(AccountStatus.Active)))!;
        var number = read.Account.SubscriberNumber;
        var at = graph.Time.GetUtcNow();

        await Assert.ThrowsAsync<ArgumentException>(() => Accounts.TryUpdateAsync(read.Account, read.Version, AuditEvent.ByHolder(number, at, AuditEventTypes.PhoneChanged)));
        await Assert.ThrowsAsync<ArgumentException>(() => graph.Services.GetRequiredService<IAuditLog>().AppendAsync(AuditEvent.ByHolder(number, at, AuditEventTypes.PasswordReset)));
        Assert.Equal(read.Version, (await Accounts.GetAsync(number))!.Version);
    }

    [Fact]
    public async Task Delete_StaleVersion_RefusedThenCurrentVersionDeletes()
    {
        var read = (await Accounts.FindByEmailAsync(await graph.CreateAccountAsync(AccountStatus.Pending)))!;
        var newer = await Accounts.TryUpdateAsync(read.Account with { FailedSignIns = 1 }, read.Version);

        Assert.False(await Accounts.TryDeleteAsync(read.Account.SubscriberNumber, read.Version));
        Assert.True(await Accounts.TryDeleteAsync(read.Account.SubscriberNumber, newer!));
        Assert.Null(await Accounts.GetAsync(read.Account.SubscriberNumber));
        Assert.False(await Accounts.TryDeleteAsync(read.Account.SubscriberNumber, newer!));
    }

    [Fact]
    public async Task ReleaseEmail_OnlyWhenItStillNamesTheNumber()
    {
        var email = $"liberee.{Guid.NewGuid():N}@example.fr";
        var (owner, other) = (SubscriberNumber.Generate(), SubscriberNumber.Generate());
        Assert.True(await Accounts.TryClaimEmailAsync(email, owner));

        await Accounts.ReleaseEmailAsync(email, other);
        var stillClaimed = !await Accounts.TryClaimEmailAsync(email, other);
        await Accounts.ReleaseEmailAsync(email, owner);
        var claimedAgain = await Accounts.TryClaimEmailAsync(email, other);

        Assert.True(stillClaimed);
        Assert.True(claimedAgain);
    }
}

/// <summary>The account contract on Table Storage (Azurite, the real SDK clients).</summary>
[Collection(TableContractsCollection.Name)]
public sealed class TableAccountStoreContractTests(ServiceGraphFixture graph) : AccountStoreContractTests(graph);

/// <summary>The account contract on the in-memory adapter the use-case tests run on.</summary>
public sealed class InMemoryAccountStoreContractTests(InMemoryServiceGraph graph) : AccountStoreContractTests(graph), IClassFixture<InMemoryServiceGraph>;
