namespace RecoveryFunctions.Core.Tokens;

/// <summary>Supplies the HMAC key ring; asked once per request so a rotated secret is picked up without a restart.</summary>
public interface ITokenKeyProvider
{
    ValueTask<TokenKeyRing> GetKeyRingAsync(CancellationToken cancellationToken = default);
}

public static class TokenKeyProviderExtensions
{
    /// <summary>The codec of the current key ring: a step asks for it once and passes it to every token it handles.</summary>
    public static async ValueTask<TokenCodec> GetCodecAsync(this ITokenKeyProvider keys, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(keys);
        return new TokenCodec(await keys.GetKeyRingAsync(cancellationToken).ConfigureAwait(false));
    }
}
