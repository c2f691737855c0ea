using Microsoft.Extensions.DependencyInjection;
using RecoveryFunctions.Core.Accounts;
using RecoveryFunctions.Core.Identity;
using RecoveryFunctions.Core.Passwords;
using RecoveryFunctions.Core.Recovery;
using RecoveryFunctions.Infrastructure.Storage;
using RecoveryFunctions.TestSupport;

namespace RecoveryFunctions.Tests.Recovery;

/// <summary>
/// contract §2.3 step 1, deterministically: the storage and queue operations the identify step issues, counted
/// by a pipeline policy on the real SDK clients, are the same kinds, count and order on every path.
/// </summary>
public sealed class IdentifyOperationsTests(ServiceGraphFixture graph) : IClassFixture<ServiceGraphFixture>
{
    [Fact]
    public async Task Identify_UnknownPendingLockedActive_SameOperations()
    {
        var now = graph.Time.GetUtcNow();
        var pending = await graph.CreateAccountAsync(AccountStatus.Pending, null);
        var locked = await graph.CreateAccountAsync(AccountStatus.Active, now.AddHours(12));
        var active = await graph.CreateAccountAsync(AccountStatus.Active, null);
        var unknown = $"inconnu.{Guid.NewGuid():N}@example.fr";

        var seen = new List<IReadOnlyList<string>>();
        var ip = 1;
        foreach (var email in new[] { unknown, pending, locked, active })
        {
            graph.StorageOperations.Clear();
            await graph.Request<RecoveryIdentification>().IdentifyAsync(email, $"198.51.100.{ip++}");
            seen.Add(graph.StorageOperations.Requests.Select(r => $"{r.Method} {r.Resource}").ToList());
        }

        Assert.NotEmpty(seen[0]);
        Assert.Contains(seen[0], op => op.StartsWith("POST email-outbox", StringComparison.Ordinal));
        Assert.All(seen, operations => Assert.Equal(seen[0], operations));
    }

    /// <summary>
    /// Before the token codec, identify asked for the key ring 6 times and read it 6 times (README "Recovery flow and
    /// tokens"). Asks now cost nothing after the first: the request's scope keeps the ring it read.
    /// </summary>
    [Fact]
    public async Task Identify_OneRequest_ReadsKeyRingOnce()
    {
        var email = await graph.CreateAccountAsync(AccountStatus.Active, null);
        graph.KeyRingAsks.Reset();
        graph.KeyRingReads.Reset();
        graph.StorageOperations.Clear();

        await graph.Request<RecoveryIdentification>().IdentifyAsync(email, "198.51.100.150");

        Assert.Equal(1, graph.KeyRingReads.Reads);
        Assert.Equal(3, graph.KeyRingAsks.Asks); // the throttle store's keys, the step's ring (code hash, familiarity), the flows' codec

        // 6 operations: throttle query and batch, index and account reads, the flow inserted (its link carries its address,
        // decision 0010; flow and link rows in one transaction before), the outbox message (8 before a newer request stopped
        // revoking older ones, 7 before the link joined its flow's partition).
        var prefix = graph.Services.GetRequiredService<TableNames>().Accounts[..^"Accounts".Length];
        Assert.Equal(
            ["GET Throttles", "POST $batch", "GET EmailIndex", "GET Accounts", "POST Tokens", "POST email-outbox"],
            graph.StorageOperations.Requests.Select(r => $"{r.Method} {r.Resource.Replace(prefix, "", StringComparison.Ordinal)}"));
    }

    [Theory]
    [InlineData("a' or PartitionKey ne '")]
    [InlineData("not an email")]
    public async Task Identify_InjectionOrGarbage_TouchesNothing(string email)
    {
        graph.StorageOperations.Clear();

        var flow = await graph.Request<RecoveryIdentification>().IdentifyAsync(email, "198.51.100.200");

        Assert.Empty(graph.StorageOperations.Requests);
        Assert.Equal(52, flow.FlowId.Length);
    }
}
