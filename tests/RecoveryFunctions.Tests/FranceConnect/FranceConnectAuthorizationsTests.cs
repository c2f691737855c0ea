using RecoveryFunctions.Core.Errors;
using RecoveryFunctions.Core.FranceConnect;
using RecoveryFunctions.Tests.Contracts;
using RecoveryFunctions.TestSupport;
using RecoveryFunctions.TestSupport.InMemory;

namespace RecoveryFunctions.Tests.FranceConnect;

/// <summary>
/// The state of a FranceConnect authorization request is used once: of concurrent submissions of one authorization
/// response exactly one goes on (delete under the row's ETag), and a late, replayed, misdirected or forged one is refused.
/// </summary>
public abstract class FranceConnectAuthorizationsTests(IServiceGraph graph)
{
    private const int Racers = 20;

    private FranceConnectAuthorizations Authorizations => graph.Request<FranceConnectAuthorizations>();

    [Fact]
    public async Task Consume_TwentyAtOnce_ExactlyOneWins()
    {
        var request = await Authorizations.BeginAsync(FranceConnectPurpose.Recover, null);

        // Each racer in its own request scope, as twenty invocations of the callback would be.
        var outcomes = await Task.WhenAll(Enumerable.Range(0, Racers).Select(async _ =>
        {
            try
            {
                await Authorizations.ConsumeAsync(request.State, FranceConnectPurpose.Recover);
                return (ProblemCode?)null;
            }
            catch (DomainException e)
            {
                return e.Problem;
            }
        }));

        Assert.Single(outcomes, outcome => outcome is null);
        Assert.All(outcomes.Where(outcome => outcome is not null), code => Assert.Equal(ProblemCode.FranceConnectFailed, code));
    }

    [Fact]
    public async Task Consume_Replayed_Refused()
    {
        var request = await Authorizations.BeginAsync(FranceConnectPurpose.Bind, null);
        await Authorizations.ConsumeAsync(request.State, FranceConnectPurpose.Bind);

        await AssertFailedAsync(() => Authorizations.ConsumeAsync(request.State, FranceConnectPurpose.Bind));
    }

    [Fact]
    public async Task Consume_OtherPurpose_Refused()
    {
        var request = await Authorizations.BeginAsync(FranceConnectPurpose.Bind, null);

        await AssertFailedAsync(() => Authorizations.ConsumeAsync(request.State, FranceConnectPurpose.Recover));
    }

    [Fact]
    public async Task Consume_AfterLifetime_Refused()
    {
        var request = await Authorizations.BeginAsync(FranceConnectPurpose.Recover, null);
        graph.Time.Advance(FranceConnectAuthorizations.Lifetime);

        await AssertFailedAsync(() => Authorizations.ConsumeAsync(request.State, FranceConnectPurpose.Recover));
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("not-a-state")]
    public async Task Consume_UnknownState_Refused(string? state)
    {
        await AssertFailedAsync(() => Authorizations.ConsumeAsync(state, FranceConnectPurpose.Recover));
    }

    [Fact]
    public async Task RequireNonce_OnlyTheOneSent()
    {
        var request = await Authorizations.BeginAsync(FranceConnectPurpose.Recover, null);
        var record = await Authorizations.ConsumeAsync(request.State, FranceConnectPurpose.Recover);

        FranceConnectAuthorizations.RequireNonce(record, FranceConnectPurpose.Recover, request.Nonce);
        var other = Assert.Throws<DomainException>(() => FranceConnectAuthorizations.RequireNonce(record, FranceConnectPurpose.Recover, request.Nonce + "x"));
        var purpose = Assert.Throws<DomainException>(() => FranceConnectAuthorizations.RequireNonce(record, FranceConnectPurpose.Bind, request.Nonce));
        Assert.Equal(ProblemCode.FranceConnectFailed, other.Problem);
        Assert.Equal(ProblemCode.FranceConnectFailed, purpose.Problem);
        Assert.DoesNotContain(request.Nonce, record.Payload, StringComparison.Ordinal);
    }

    private static async Task AssertFailedAsync(Func<Task> consume)
    {
        var refusal = await Assert.ThrowsAsync<DomainException>(consume);
        Assert.Equal(ProblemCode.FranceConnectFailed, refusal.Problem);
    }
}

/// <summary>On Table Storage (Azurite): the race is decided by the service's ETag check.</summary>
[Collection(TableContractsCollection.Name)]
public sealed class TableFranceConnectAuthorizationsTests(ServiceGraphFixture graph) : FranceConnectAuthorizationsTests(graph);

public sealed class InMemoryFranceConnectAuthorizationsTests(InMemoryServiceGraph graph) : FranceConnectAuthorizationsTests(graph), IClassFixture<InMemoryServiceGraph>;
