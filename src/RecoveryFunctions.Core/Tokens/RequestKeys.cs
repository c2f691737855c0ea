namespace RecoveryFunctions.Core.Tokens;

/// <summary>
/// <see cref="ITokenKeyProvider"/> for one DI scope (one invocation): the first ask reads the secrets through the
/// singleton <see cref="SecretTokenKeyProvider"/> (which keeps the decoded ring while their text is unchanged); every
/// later ask in the scope gets the same ring and codec, concurrent first asks included.
/// </summary>
public sealed class RequestKeys(SecretTokenKeyProvider secrets) : ITokenKeyProvider
{
    private Task<TokenCodec>? _codec;

    public async ValueTask<TokenKeyRing> GetKeyRingAsync(CancellationToken cancellationToken = default)
        => (await GetCodecAsync(cancellationToken).ConfigureAwait(false)).Ring;

    public ValueTask<TokenCodec> GetCodecAsync(CancellationToken cancellationToken = default)
    {
        var read = Volatile.Read(ref _codec);
        if (read is null)
        {
            // One read per scope even under Task.WhenAll: the loser of the race awaits the winner's read.
            var mine = ReadAsync(cancellationToken);
            read = Interlocked.CompareExchange(ref _codec, mine, null) ?? mine;
        }

        return new ValueTask<TokenCodec>(read);
    }

    private async Task<TokenCodec> ReadAsync(CancellationToken cancellationToken)
        => new(await secrets.GetKeyRingAsync(cancellationToken).ConfigureAwait(false));
}
