namespace RecoveryFunctions.Core.Tokens;

/// <summary>Supplies the HMAC key ring; asked on every use so a rotated secret is picked up without a restart.</summary>
public interface ITokenKeyProvider
{
    ValueTask<TokenKeyRing> GetKeyRingAsync(CancellationToken cancellationToken = default);
}
