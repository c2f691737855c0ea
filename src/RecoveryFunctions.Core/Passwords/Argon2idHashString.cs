using System.Buffers;
using System.Globalization;

namespace RecoveryFunctions.Core.Passwords;

/// <summary>
/// The PHC string format <c>$argon2id$v=19$m=19456,t=2,p=1$salt$hash</c> (standard base64, no padding),
/// the same text libsodium and the reference argon2 CLI write, so hashes stay portable.
/// </summary>
internal sealed record Argon2idHashString(int MemoryKiB, int Iterations, int Parallelism, byte[] Salt, byte[] Hash)
{
    public const int Version = 19;

    // Bounds keep a corrupted or hostile stored string from asking for gigabytes or minutes of work.
    private const int MaxMemoryKiB = 1024 * 1024;
    private const int MaxIterations = 100;
    private const int SaltBytes = 16; // libsodium's Argon2id takes exactly this salt size
    private const int MinHashBytes = 16;
    private const int MaxHashBytes = 64;

    private static readonly SearchValues<char> Base64Alphabet =
        SearchValues.Create("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/");

    public string Format() => string.Create(
        CultureInfo.InvariantCulture,
        $"$argon2id$v={Version}$m={MemoryKiB},t={Iterations},p={Parallelism}${ToBase64(Salt)}${ToBase64(Hash)}");

    public static bool TryParse(string? encoded, out Argon2idHashString? result)
    {
        result = null;
        if (string.IsNullOrEmpty(encoded) || encoded.Length > 512)
        {
            return false;
        }

        // "", "argon2id", "v=19", "m=..,t=..,p=..", salt, hash
        var parts = encoded.Split('$');
        if (parts.Length != 6 || parts[0].Length != 0 || parts[1] != "argon2id" || parts[2] != "v=19")
        {
            return false;
        }

        var parameters = parts[3].Split(',');
        if (parameters.Length != 3
            || !TryReadParameter(parameters[0], "m=", 8, MaxMemoryKiB, out var memory)
            || !TryReadParameter(parameters[1], "t=", 1, MaxIterations, out var iterations)
            || !TryReadParameter(parameters[2], "p=", 1, 1, out var parallelism)
            || !TryFromBase64(parts[4], out var salt)
            || salt.Length != SaltBytes
            || !TryFromBase64(parts[5], out var hash)
            || hash.Length < MinHashBytes
            || hash.Length > MaxHashBytes)
        {
            return false;
        }

        result = new Argon2idHashString(memory, iterations, parallelism, salt, hash);
        return true;
    }

    private static bool TryReadParameter(string text, string prefix, int min, int max, out int value)
    {
        value = 0;
        return text.StartsWith(prefix, StringComparison.Ordinal)
            && text.Length > prefix.Length
            && text.AsSpan(prefix.Length).IndexOfAnyExceptInRange('0', '9') < 0
            && int.TryParse(text.AsSpan(prefix.Length), NumberStyles.None, CultureInfo.InvariantCulture, out value)
            && value >= min
            && value <= max;
    }

    private static string ToBase64(byte[] bytes) => Convert.ToBase64String(bytes).TrimEnd('=');

    private static bool TryFromBase64(string text, out byte[] bytes)
    {
        bytes = [];
        // Convert skips whitespace; a stored hash must be exactly the alphabet, nothing else.
        if (text.Length == 0 || text.Length > 128 || text.Length % 4 == 1 || text.AsSpan().IndexOfAnyExcept(Base64Alphabet) >= 0)
        {
            return false;
        }

        var padded = text.PadRight(text.Length + ((4 - (text.Length % 4)) % 4), '=');
        var buffer = new byte[padded.Length / 4 * 3];
        if (!Convert.TryFromBase64String(padded, buffer, out var written))
        {
            return false;
        }

        bytes = buffer[..written];
        return true;
    }
}
