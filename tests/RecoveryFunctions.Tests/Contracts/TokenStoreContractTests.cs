using System.Security.Cryptography;
using Microsoft.Extensions.DependencyInjection;
using RecoveryFunctions.Core.Tokens;
using RecoveryFunctions.TestSupport;
using RecoveryFunctions.TestSupport.InMemory;

namespace RecoveryFunctions.Tests.Contracts;

/// <summary>
/// What the steps rely on from <see cref="ITokenStore"/>: a row found at its address under the current key then the
/// previous one, and single use, an extension or a count that lose a race rather than apply twice.
/// </summary>
public abstract class TokenStoreContractTests(IServiceGraph graph)
{
    private ITokenStore Tokens => graph.Services.GetRequiredService<ITokenStore>();

    [Fact]
    public async Task Issue_ThenFind_SameRecordOnlyForItsKind()
    {
        var codec = Codec();
        var record = Record(TokenKind.Session) with { SubscriberNumber = "9052005203487", SecurityStamp = 4, Payload = "p" };

        var token = await Tokens.IssueAsync(codec, record);

        Assert.Equal(record, (await Tokens.FindAsync(codec, token, TokenKind.Session))!.Record);
        Assert.Null(await Tokens.FindAsync(codec, token, TokenKind.Captcha));
        Assert.Null(await Tokens.FindAsync(codec, TokenCodec.NewToken(record.ExpiresAt), TokenKind.Session));
    }

    [Fact]
    public async Task Find_IssuedUnderThePreviousKey_FoundAfterRotationGoneOnceRetired()
    {
        var (oldKey, newKey) = (RandomNumberGenerator.GetBytes(32), RandomNumberGenerator.GetBytes(32));
        var token = await Tokens.IssueAsync(new TokenCodec(new TokenKeyRing(oldKey, null)), Record(TokenKind.Activation));

        var rotated = await Tokens.FindAsync(new TokenCodec(new TokenKeyRing(newKey, oldKey)), token, TokenKind.Activation);
        var retired = await Tokens.FindAsync(new TokenCodec(new TokenKeyRing(newKey, null)), token, TokenKind.Activation);

        Assert.NotNull(rotated);
        Assert.Null(retired);
    }

    [Fact]
    public async Task Replace_FromAStaleRead_LosesTheRace()
    {
        var codec = Codec();
        var token = await Tokens.IssueAsync(codec, Record(TokenKind.Captcha));
        var read = (await Tokens.FindAsync(codec, token, TokenKind.Captcha))!;

        var first = await Tokens.TryReplaceAsync(read, read.Record with { UsedAt = graph.Time.GetUtcNow() });
        var second = await Tokens.TryReplaceAsync(read, read.Record with { Attempts = 1 });

        Assert.True(first);
        Assert.False(second);
        var stored = (await Tokens.FindAsync(codec, token, TokenKind.Captcha))!;
        Assert.Equal((DateTimeOffset?)graph.Time.GetUtcNow(), stored.Record.UsedAt);
        Assert.Equal(0, stored.Record.Attempts);
    }

    [Fact]
    public async Task Replace_TwentyInParallelFromOneRead_ExactlyOneWins()
    {
        var codec = Codec();
        var token = await Tokens.IssueAsync(codec, Record(TokenKind.RecoveryLink));
        var read = (await Tokens.FindAsync(codec, token, TokenKind.RecoveryLink))!;

        var uses = await Task.WhenAll(Enumerable.Range(0, 20).Select(_ => Task.Run(() => Tokens.TryReplaceAsync(read, read.Record with { UsedAt = graph.Time.GetUtcNow() }))));

        Assert.Single(uses, u => u);
    }

    /// <summary>
    /// A sealed captcha is spent by inserting its marker at the hash of its id: of parallel inserts at one address exactly
    /// one succeeds, the others are told so (the service's 409) rather than thrown at; the first row stays.
    /// </summary>
    [Fact]
    public async Task TryAdd_TwentyInParallelAtOneAddress_ExactlyOneWins()
    {
        var record = Record(TokenKind.SpentCaptcha);
        var address = TokenCodec.At(record.ExpiresAt, Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(16)));

        var inserts = await Task.WhenAll(Enumerable.Range(0, 20).Select(i => Task.Run(() => Tokens.TryAddAsync(address, record with { Attempts = i }))));

        var winner = Assert.Single(Enumerable.Range(0, 20), i => inserts[i]);
        Assert.Equal(record with { Attempts = winner }, (await Tokens.GetAsync(address))!.Record);
        Assert.False(await Tokens.TryAddAsync(address, record));
    }

    /// <summary>Rows written before the captcha was sealed: of parallel checks of one such row, one delete wins.</summary>
    [Fact]
    public async Task Delete_TwentyInParallelFromOneRead_ExactlyOneWins()
    {
        var codec = Codec();
        var token = await Tokens.IssueAsync(codec, Record(TokenKind.Captcha));
        var read = (await Tokens.FindAsync(codec, token, TokenKind.Captcha))!;

        var deletes = await Task.WhenAll(Enumerable.Range(0, 20).Select(_ => Task.Run(() => Tokens.TryDeleteAsync(read))));

        Assert.Single(deletes, d => d);
    }

    [Fact]
    public async Task Delete_StaleThenCurrent_OnlyTheCurrentDeletesAndOnlyOnce()
    {
        var codec = Codec();
        var token = await Tokens.IssueAsync(codec, Record(TokenKind.Session));
        var stale = (await Tokens.FindAsync(codec, token, TokenKind.Session))!;
        Assert.True(await Tokens.TryReplaceAsync(stale, stale.Record with { Attempts = 1 }));
        var current = (await Tokens.FindAsync(codec, token, TokenKind.Session))!;

        Assert.False(await Tokens.TryDeleteAsync(stale));
        Assert.True(await Tokens.TryDeleteAsync(current));
        Assert.False(await Tokens.TryDeleteAsync(current));
        Assert.Null(await Tokens.FindAsync(codec, token, TokenKind.Session));
    }

    private static TokenCodec Codec() => new(new TokenKeyRing(RandomNumberGenerator.GetBytes(32), null));

    private TokenRecord Record(TokenKind kind) => new()
    {
        Kind = kind,
        IssuedAt = graph.Time.GetUtcNow(),
        ExpiresAt = graph.Time.GetUtcNow().AddMinutes(10),
    };
}

/// <summary>The token contract on Table Storage (Azurite, the real SDK clients).</summary>
[Collection(TableContractsCollection.Name)]
public sealed class TableTokenStoreContractTests(ServiceGraphFixture graph) : TokenStoreContractTests(graph);

/// <summary>The token contract on the in-memory adapter.</summary>
public sealed class InMemoryTokenStoreContractTests(InMemoryServiceGraph graph) : TokenStoreContractTests(graph), IClassFixture<InMemoryServiceGraph>;
