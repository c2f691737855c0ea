namespace RecoveryFunctions.Core.Tokens;

/// <summary>
/// One key ring per request. The app's worker middleware opens a scope around every function invocation; within it
/// <see cref="SecretTokenKeyProvider"/> reads the secrets once and gives every later ask the same ring, so a request's
/// tokens, codes, throttle keys and captcha parts are hashed under one pair of keys even when a rotation lands
/// mid-request. Outside a scope (a service called directly, start-up) every ask reads.
/// </summary>
public static class TokenKeyRingScope
{
    private static readonly AsyncLocal<Slot?> Current = new();

    /// <summary>Opens the scope for the rest of the calling async flow; disposing the result closes it.</summary>
    public static IDisposable Begin()
    {
        var slot = new Slot();
        Current.Value = slot;
        return slot;
    }

    /// <summary>The open scope's slot, or null outside a request.</summary>
    internal static Slot? Active => Current.Value;

    internal sealed class Slot : IDisposable
    {
        private volatile TokenKeyRing? _ring;

        /// <summary>The ring read first in this request; concurrent first asks may both read, and either result is kept.</summary>
        public TokenKeyRing? Ring
        {
            get => _ring;
            set => _ring ??= value;
        }

        public void Dispose()
        {
            if (Current.Value == this)
            {
                Current.Value = null;
            }
        }
    }
}
