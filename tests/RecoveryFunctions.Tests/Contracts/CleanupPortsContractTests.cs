using System.Security.Cryptography;
using Microsoft.Extensions.DependencyInjection;
using RecoveryFunctions.Core.Cleanup;
using RecoveryFunctions.Core.Identity;
using RecoveryFunctions.Core.Throttling;
using RecoveryFunctions.Core.Tokens;
using RecoveryFunctions.TestSupport;
using RecoveryFunctions.TestSupport.InMemory;

namespace RecoveryFunctions.Tests.Contracts;

/// <summary>
/// What the cleanup relies on from <see cref="IPendingAccountIndex"/> and <see cref="IExpiredRowSweeper"/>: only rows
/// whose whole expiry bucket has passed are found or deleted, within the budget, and a second run finds them gone.
/// Each fact sweeps "as of" a later moment passed in, so the shared clock never moves.
/// </summary>
public abstract class CleanupPortsContractTests(IServiceGraph graph)
{
    private IPendingAccountIndex Pending => graph.Services.GetRequiredService<IPendingAccountIndex>();

    private IExpiredRowSweeper Sweeper => graph.Services.GetRequiredService<IExpiredRowSweeper>();

    private ITokenStore Tokens => graph.Services.GetRequiredService<ITokenStore>();

    [Fact]
    public async Task FindExpired_OnlyMarkersWhoseBucketHasPassedThenRemovedOnce()
    {
        var now = graph.Time.GetUtcNow();
        var expired = new PendingAccountMarker(SubscriberNumber.Generate(), "expire@example.fr", now.AddHours(1));
        var live = new PendingAccountMarker(SubscriberNumber.Generate(), "vivant@example.fr", now.AddHours(3));
        await Pending.AddAsync(expired);
        await Pending.AddAsync(live);
        var asOf = now.AddHours(2);

        var found = await Pending.FindExpiredAsync(asOf, 1000);
        await Pending.RemoveAsync([expired]);
        await Pending.RemoveAsync([expired]);
        var after = await Pending.FindExpiredAsync(asOf, 1000);

        Assert.Contains(found, m => m.SubscriberNumber == expired.SubscriberNumber && m.Email == expired.Email);
        Assert.DoesNotContain(found, m => m.SubscriberNumber == live.SubscriberNumber);
        Assert.DoesNotContain(after, m => m.SubscriberNumber == expired.SubscriberNumber);
        Assert.Contains(await Pending.FindExpiredAsync(now.AddHours(4), 1000), m => m.SubscriberNumber == live.SubscriberNumber);
    }

    [Fact]
    public async Task Sweep_Tokens_ExpiredBucketsOnlyWithinTheBudgetThenNothing()
    {
        var codec = new TokenCodec(new TokenKeyRing(RandomNumberGenerator.GetBytes(32), null));
        var now = graph.Time.GetUtcNow();
        var expired = new List<string>();
        for (var i = 0; i < 3; i++)
        {
            expired.Add(await Tokens.IssueAsync(codec, Record(now, now.AddDays(2))));
        }

        var live = await Tokens.IssueAsync(codec, Record(now, now.AddDays(4)));
        var asOf = now.AddDays(3);

        var budgeted = await Sweeper.SweepAsync(ExpiringTable.Tokens, asOf, 1);
        var rest = await Sweeper.SweepAsync(ExpiringTable.Tokens, asOf, 10_000);
        var again = await Sweeper.SweepAsync(ExpiringTable.Tokens, asOf, 10_000);

        Assert.Equal(1, budgeted);
        Assert.True(rest >= 2, $"{rest} rows swept after the first");
        Assert.Equal(0, again);
        foreach (var token in expired)
        {
            Assert.Null(await Tokens.FindAsync(codec, token, TokenKind.Session));
        }

        Assert.NotNull(await Tokens.FindAsync(codec, live, TokenKind.Session));
    }

    [Fact]
    public async Task Sweep_Throttles_AWindowOnceItNoLongerCounts()
    {
        var counter = new ThrottleCounter("c-sweep", Guid.NewGuid().ToString("N"), 10);
        var window = TimeSpan.FromMinutes(10);
        await graph.Request<IThrottleStore>().HitAsync([counter], window);
        var countExpiry = SlidingWindow.At(graph.Time.GetUtcNow(), window).CountExpiry;

        await Sweeper.SweepAsync(ExpiringTable.Throttles, countExpiry, 10_000);
        var stillThere = await graph.Request<IThrottleStore>().CountAsync([counter], window);
        await Sweeper.SweepAsync(ExpiringTable.Throttles, countExpiry + ExpiryBucket.Width, 10_000);
        var swept = await graph.Request<IThrottleStore>().CountAsync([counter], window);

        Assert.Equal([1], stillThere);
        Assert.Equal([0], swept);
    }

    private static TokenRecord Record(DateTimeOffset issuedAt, DateTimeOffset expiresAt)
        => new() { Kind = TokenKind.Session, IssuedAt = issuedAt, ExpiresAt = expiresAt };
}

/// <summary>The cleanup ports' contract on Table Storage (Azurite, the real SDK clients).</summary>
[Collection(TableContractsCollection.Name)]
public sealed class TableCleanupPortsContractTests(ServiceGraphFixture graph) : CleanupPortsContractTests(graph);

/// <summary>The cleanup ports' contract on the in-memory adapters.</summary>
public sealed class InMemoryCleanupPortsContractTests(InMemoryServiceGraph graph) : CleanupPortsContractTests(graph), IClassFixture<InMemoryServiceGraph>;
