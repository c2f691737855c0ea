using System.Net;
using Azure.Data.Tables;
using Microsoft.Extensions.DependencyInjection;
using RecoveryFunctions.Core.Accounts;
using RecoveryFunctions.Core.Captcha;
using RecoveryFunctions.Core.Cleanup;
using RecoveryFunctions.Core.Errors;
using RecoveryFunctions.Core.Throttling;
using RecoveryFunctions.Core.Tokens;
using RecoveryFunctions.Infrastructure.Storage;
using RecoveryFunctions.TestSupport;

namespace RecoveryFunctions.Tests.Cleanup;

[Collection(CleanupCollection.Name)]
public sealed class CleanupTests(CleanupFixture host)
{
    private static readonly TimeSpan PastPendingLifetime = TimeSpan.FromDays(8);

    /// <summary>The token store as a new request sees it.</summary>
    private RequestTokens Tokens => host.Request<RequestTokens>();

    private TableNames Names => host.Host.Services.GetRequiredService<TableNames>();

    private CleanupService Cleanup => host.Host.Services.GetRequiredService<CleanupService>();

    [Fact]
    public async Task CleanupFunction_OnDemandAfterExpiry_DeletesExpiredRowsOfEveryKindAndKeepsLiveOnes()
    {
        var throttles = host.Request<IThrottleStore>();
        var expiredPending = Journeys.NewEmail("expire");
        var active = Journeys.NewEmail("actif");
        await IssueEveryKindAsync(host.Clock.UtcNow + TimeSpan.FromMinutes(5));
        await throttles.HitAsync("cleanup-test", "old", 10, TimeSpan.FromMinutes(10));
        await host.RegisterAsync(expiredPending);
        await host.WaitForLinkTokenAsync(expiredPending, "activ");
        await host.CreateActiveAccountAsync(active);

        host.Clock.Advance(PastPendingLifetime);
        var livePending = Journeys.NewEmail("vivant");
        await IssueEveryKindAsync(host.Clock.UtcNow + TimeSpan.FromHours(1));
        await throttles.HitAsync("cleanup-test", "live", 10, TimeSpan.FromHours(1));
        await host.RegisterAsync(livePending);
        await host.WaitForLinkTokenAsync(livePending, "activ");
        var firstLive = ExpiryBucket.Format(ExpiryBucket.FirstLive(host.Clock.UtcNow));
        host.Requests.Clear();

        using var response = await host.Client.PostAsync(new Uri("/admin/functions/CleanupFunction", UriKind.Relative), null);

        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        var tokens = await RowsAsync(Names.Tokens);
        Assert.All(tokens, t => Assert.False(IsSweepable(t), "an expired token survived"));
        Assert.Equal(Enum.GetValues<TokenKind>().Select(k => k.ToString()).Order(), tokens.Select(t => t.GetString("Kind")).Distinct().Order());
        var throttleRows = await RowsAsync(Names.Throttles);
        Assert.NotEmpty(throttleRows);
        Assert.All(throttleRows, t => Assert.False(IsSweepable(t), "an expired throttle window survived"));
        Assert.Empty(await StorageInspection.AccountsWithEmailAsync(host, expiredPending));
        Assert.False(await EmailIndexedAsync(expiredPending));
        Assert.Equal(AccountStatus.Active.ToString(), Assert.Single(await StorageInspection.AccountsWithEmailAsync(host, active)).GetString("Status"));
        Assert.Single(await StorageInspection.AccountsWithEmailAsync(host, livePending));
        Assert.True(await EmailIndexedAsync(livePending));
        Assert.All(await RowsAsync(Names.PendingAccounts), m => Assert.False(IsSweepable(m), "an expired marker survived"));

        // Proof that no live partition was read: every range query stops below the first live bucket,
        // no expiring table got a point read, and every row that came back belongs to an expired bucket.
        var expiringTables = new[] { Names.Tokens, Names.Throttles, Names.PendingAccounts };
        var reads = host.Requests.Requests.Where(r => r.Method == "GET" && expiringTables.Contains(r.Resource)).ToList();
        Assert.Equal(expiringTables.Order(), reads.Select(r => r.Resource).Distinct().Order());
        Assert.All(reads, r => Assert.False(r.IsPointRead));
        // A backlog is swept in slices of buckets side by side: each one's upper bound is at most the first live bucket.
        Assert.All(reads, r => Assert.True(
            System.Text.RegularExpressions.Regex.Match(r.Filter ?? "", @"PartitionKey lt '(\d{9})'") is { Success: true } bound
            && string.CompareOrdinal(bound.Groups[1].Value, firstLive) <= 0,
            $"{r.Filter} may reach a live bucket"));
        Assert.All(reads.SelectMany(r => r.ReturnedPartitions), p => Assert.True(string.CompareOrdinal(p, firstLive) < 0, $"live partition {p} was read"));
        Assert.Contains(host.Logs.Lines, l => l.Contains("Cleanup deleted", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Cleanup_TwoOverlappingRuns_DeleteEachExpiredRowExactlyOnce()
    {
        await DrainAsync();
        var pending = Enumerable.Range(0, 3).Select(_ => Journeys.NewEmail("double")).ToList();
        foreach (var email in pending)
        {
            await host.RegisterAsync(email);
            await host.WaitForLinkTokenAsync(email, "activ");
        }

        host.Clock.Advance(PastPendingLifetime);
        await IssueManyAsync(150, host.Clock.UtcNow - TimeSpan.FromHours(1));
        var expiredTokens = await ExpiredCountAsync(Names.Tokens);
        var expiredAccounts = await ExpiredPendingAccountCountAsync();
        Assert.True(expiredAccounts >= pending.Count);

        var reports = await Task.WhenAll(Cleanup.RunAsync(), Cleanup.RunAsync());

        Assert.Equal(expiredTokens, reports.Sum(r => r.Tokens));
        Assert.Equal(expiredAccounts, reports.Sum(r => r.PendingAccounts));
        Assert.Equal(0, await ExpiredPendingAccountCountAsync());
        Assert.Equal(0, await ExpiredCountAsync(Names.Tokens));
        foreach (var email in pending)
        {
            Assert.Empty(await StorageInspection.AccountsWithEmailAsync(host, email));
            Assert.False(await EmailIndexedAsync(email));
        }

        // The address is free again: registering it gives a new pending account.
        await host.RegisterAsync(pending[0]);
        Assert.Single(await StorageInspection.AccountsWithEmailAsync(host, pending[0]));
    }

    [Fact]
    public async Task Cleanup_MoreThanMaxRowsPerRun_StopsAtTheBoundAndTheNextRunResumes()
    {
        await DrainAsync();
        var rows = (2 * CleanupFixture.MaxRowsPerRun) + 50;
        await IssueManyAsync(rows, host.Clock.UtcNow - TimeSpan.FromHours(1));

        var first = await Cleanup.RunAsync();
        var second = await Cleanup.RunAsync();
        var third = await Cleanup.RunAsync();
        var fourth = await Cleanup.RunAsync();

        Assert.Equal([CleanupFixture.MaxRowsPerRun, CleanupFixture.MaxRowsPerRun, 50, 0], new[] { first.Tokens, second.Tokens, third.Tokens, fourth.Tokens });
        Assert.Equal(0, await ExpiredCountAsync(Names.Tokens));
    }

    [Fact]
    public async Task OneTimeToken_ExpiresBetweenValidationAndUse_RefusedAndLeftUnused()
    {
        var links = new OneTimeTokens(Tokens, host.Clock);
        var token = await Tokens.IssueAsync(new TokenRecord { Kind = TokenKind.RecoveryLink, SubscriberNumber = "1", IssuedAt = host.Clock.UtcNow, ExpiresAt = host.Clock.UtcNow + TimeSpan.FromMinutes(30) });
        await links.FindUsableAsync(token, TokenKind.RecoveryLink);

        host.Clock.Advance(TimeSpan.FromMinutes(30));
        var refused = await Assert.ThrowsAsync<DomainException>(() => links.ConsumeAsync(token, TokenKind.RecoveryLink));

        Assert.Equal(ProblemCode.LinkExpired.Value, refused.Code);
        var stored = await Tokens.FindAsync(token, TokenKind.RecoveryLink);
        Assert.NotNull(stored);
        Assert.Null(stored.Record.UsedAt);
    }

    [Fact]
    public async Task Session_ExpiresAfterUse_RefusedWhileItsRowIsStillStored()
    {
        var email = Journeys.NewEmail("session");
        var summary = await host.CreateActiveAccountAsync(email);
        var session = await host.SignInAsync(email);
        using (var valid = await host.Client.GetAsync("/api/account", session))
        {
            Assert.Equal(HttpStatusCode.OK, valid.StatusCode);
        }

        host.Clock.Advance(TimeSpan.FromMinutes(30));
        using var expired = await host.Client.GetAsync("/api/account", session);

        Assert.Equal(HttpStatusCode.Unauthorized, expired.StatusCode);
        Assert.Equal(ProblemCode.SessionInvalid.Value, await expired.ProblemCodeAsync());
        var subscriberNumber = summary.GetProperty("subscriberNumber").GetString();
        var rows = await RowsAsync(Names.Tokens, TableClient.CreateQueryFilter($"Kind eq {nameof(TokenKind.Session)} and SubscriberNumber eq {subscriberNumber}"));
        Assert.Single(rows);
    }

    [Fact]
    public async Task ActivationLink_ExpiredBeforeUse_RefusedAndAccountStaysPending()
    {
        var email = Journeys.NewEmail("tardif");
        await host.RegisterAsync(email);
        var token = await host.WaitForLinkTokenAsync(email, "activ");

        host.Clock.Advance(TimeSpan.FromHours(24));
        using var response = await host.Client.PostJsonAsync("/api/accounts/activate", new { token });

        Assert.Equal(ProblemCode.LinkExpired.Value, await response.ProblemCodeAsync());
        Assert.Equal(AccountStatus.Pending.ToString(), Assert.Single(await StorageInspection.AccountsWithEmailAsync(host, email)).GetString("Status"));
    }

    private async Task IssueEveryKindAsync(DateTimeOffset expiresAt)
    {
        var tokens = Tokens;
        foreach (var kind in Enum.GetValues<TokenKind>().Except([TokenKind.SpentCaptcha]))
        {
            await tokens.IssueAsync(new TokenRecord { Kind = kind, SubscriberNumber = "0", IssuedAt = host.Clock.UtcNow, ExpiresAt = expiresAt });
        }

        // A spent captcha's marker lives at the hash of the challenge's id, not at an issued token's address.
        var spent = SealedChallenge.New(CaptchaPurpose.PasswordRecovery, expiresAt, "");
        Assert.True(await tokens.TryAddAsync(spent.SpentMarker, spent.SpentRecord(host.Clock.UtcNow)));
    }

    private async Task IssueManyAsync(int count, DateTimeOffset expiresAt)
    {
        var tokens = Tokens;
        await Parallel.ForEachAsync(Enumerable.Range(0, count), new ParallelOptions { MaxDegreeOfParallelism = 8 }, async (_, ct) =>
            await tokens.IssueAsync(new TokenRecord { Kind = TokenKind.Captcha, IssuedAt = expiresAt - TimeSpan.FromMinutes(5), ExpiresAt = expiresAt }, ct));
    }

    /// <summary>Runs cleanup until it finds nothing, so a test's counts are its own.</summary>
    private async Task DrainAsync()
    {
        while ((await Cleanup.RunAsync()).Total > 0)
        {
        }
    }

    /// <summary>Counted by a scan of the accounts table (a test may; cleanup never does).</summary>
    private async Task<int> ExpiredPendingAccountCountAsync()
    {
        var registeredBefore = host.Clock.UtcNow - TimeSpan.FromDays(7);
        return (await RowsAsync(Names.Accounts, TableClient.CreateQueryFilter($"Status eq {nameof(AccountStatus.Pending)} and RegisteredAt le {registeredBefore}"))).Count;
    }

    private async Task<int> ExpiredCountAsync(string table) => (await RowsAsync(table)).Count(IsSweepable);

    /// <summary>
    /// Expired beyond any extension, and in a bucket that has wholly ended (rows of the current slot wait for the next
    /// run). An extendable row (session, recovery flow) lives in the bucket of its ceiling.
    /// </summary>
    private bool IsSweepable(TableEntity row)
        => (row.GetDateTimeOffset("ExtendableUntil") ?? row.GetDateTimeOffset("ExpiresAt")) is { } latest && ExpiryBucket.Of(latest) < ExpiryBucket.FirstLive(host.Clock.UtcNow);

    private async Task<bool> EmailIndexedAsync(string email)
    {
        var index = new TableClient(host.Host.StorageConnectionString, Names.EmailIndex);
        return (await index.GetEntityIfExistsAsync<TableEntity>(EmailIndexKey.For(email), EmailIndexKey.RowKey)).HasValue;
    }

    private async Task<List<TableEntity>> RowsAsync(string table, string? filter = null)
    {
        var client = new TableClient(host.Host.StorageConnectionString, table);
        var rows = new List<TableEntity>();
        await foreach (var row in client.QueryAsync<TableEntity>(filter))
        {
            rows.Add(row);
        }

        return rows;
    }
}
