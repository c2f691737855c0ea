using Microsoft.Extensions.DependencyInjection;
using RecoveryFunctions.Core.Identity;
using RecoveryFunctions.Core.Passkeys;
using RecoveryFunctions.TestSupport;
using RecoveryFunctions.TestSupport.InMemory;

namespace RecoveryFunctions.Tests.Contracts;

/// <summary>
/// What passkey sign-in relies on from <see cref="IPasskeyIndex"/>: a credential id is registered once (of concurrent
/// claims exactly one wins), found by a point read, and removed only by the account it points at.
/// </summary>
public abstract class PasskeyIndexContractTests(IServiceGraph graph)
{
    private IPasskeyIndex Index => graph.Services.GetRequiredService<IPasskeyIndex>();

    [Fact]
    public async Task Add_Find_RemoveOnlyByItsAccount()
    {
        var credentialId = NewCredentialId();
        var holder = SubscriberNumber.Generate();
        var stranger = SubscriberNumber.Generate();

        Assert.Null(await Index.FindAsync(credentialId));
        Assert.True(await Index.TryAddAsync(credentialId, holder));
        Assert.False(await Index.TryAddAsync(credentialId, stranger));
        await Index.RemoveAsync(credentialId, stranger);
        var afterStranger = await Index.FindAsync(credentialId);
        await Index.RemoveAsync(credentialId, holder);
        await Index.RemoveAsync(credentialId, holder);

        Assert.Equal(holder, afterStranger);
        Assert.Null(await Index.FindAsync(credentialId));
        Assert.True(await Index.TryAddAsync(credentialId, stranger));
    }

    [Fact]
    public async Task TryAdd_TwentyAtOnce_ExactlyOneClaims()
    {
        var credentialId = NewCredentialId();
        var claimants = Enumerable.Range(0, 20).Select(_ => SubscriberNumber.Generate()).ToList();

        var results = await Task.WhenAll(claimants.Select(c => Task.Run(() => Index.TryAddAsync(credentialId, c))));

        Assert.Single(results, won => won);
        Assert.Equal(claimants[Array.IndexOf(results, true)], await Index.FindAsync(credentialId));
    }

    [Fact]
    public async Task Find_LongCredentialId_OfTheSizeWebAuthnAllows()
    {
        // Credential ids run to 1,023 bytes (1,364 base64url characters): past a Table key's own limit.
        var credentialId = new string('A', 1364);
        var holder = SubscriberNumber.Generate();

        Assert.True(await Index.TryAddAsync(credentialId, holder));
        Assert.Equal(holder, await Index.FindAsync(credentialId));
        Assert.Null(await Index.FindAsync(credentialId[..^1] + "B"));
    }

    private static string NewCredentialId() => Convert.ToBase64String(Guid.NewGuid().ToByteArray()).TrimEnd('=').Replace('+', '-').Replace('/', '_');
}

/// <summary>The passkey index's contract on Table Storage (Azurite, the real SDK clients).</summary>
[Collection(TableContractsCollection.Name)]
public sealed class TablePasskeyIndexContractTests(ServiceGraphFixture graph) : PasskeyIndexContractTests(graph);

/// <summary>The passkey index's contract on the in-memory adapter.</summary>
public sealed class InMemoryPasskeyIndexContractTests(InMemoryServiceGraph graph) : PasskeyIndexContractTests(graph), IClassFixture<InMemoryServiceGraph>;
