namespace RecoveryFunctions.Core.Tokens;

/// <summary>
/// The HMAC key ring of the current request, and the token codec built on it. Registered per DI scope
/// (<see cref="RequestKeys"/>): the worker and the local host open one scope per invocation, so every token, code,
/// throttle key and captcha part of a request is hashed under one pair of keys, read once, even when a rotation lands
/// mid-request; the next invocation reads again and picks the rotation up without a restart.
/// </summary>
public interface ITokenKeyProvider
{
    ValueTask<TokenKeyRing> GetKeyRingAsync(CancellationToken cancellationToken = default);

    /// <summary>The codec of <see cref="GetKeyRingAsync"/>'s ring.</summary>
    ValueTask<TokenCodec> GetCodecAsync(CancellationToken cancellationToken = default);
}
