using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Options;
using NSec.Cryptography;
using RecoveryFunctions.Core.Options;

namespace RecoveryFunctions.Core.Passwords;

/// <summary>
/// Argon2id through libsodium (NSec). Inputs are NFKC-normalised here, once, so callers cannot forget it
/// and a profile switch never changes what an old password hashes to.
/// </summary>
public sealed class Argon2idPasswordHasher : IPasswordHasher
{
    private const int SaltBytes = 16;
    private const int HashBytes = 32;

    private readonly PasswordOptions _options;
    private readonly Lazy<string> _dummyHash;

    public Argon2idPasswordHasher(IOptions<PasswordOptions> options)
    {
        ArgumentNullException.ThrowIfNull(options);
        _options = options.Value;

        // Made once with the live parameters so a dummy verification costs exactly a real one.
        _dummyHash = new Lazy<string>(() => Hash(Convert.ToBase64String(RandomNumberGenerator.GetBytes(24))));
    }

    public string Hash(string password)
    {
        ArgumentNullException.ThrowIfNull(password);
        var salt = RandomNumberGenerator.GetBytes(SaltBytes);
        var hash = Derive(password, salt, _options.Argon2MemoryKiB, _options.Argon2Iterations, _options.Argon2Parallelism, HashBytes);
        return new Argon2idHashString(_options.Argon2MemoryKiB, _options.Argon2Iterations, _options.Argon2Parallelism, salt, hash).Format();
    }

    public bool Verify(string password, string encoded)
    {
        ArgumentNullException.ThrowIfNull(password);
        if (!Argon2idHashString.TryParse(encoded, out var stored) || stored is null)
        {
            return false;
        }

        var actual = Derive(password, stored.Salt, stored.MemoryKiB, stored.Iterations, stored.Parallelism, stored.Hash.Length);
        return CryptographicOperations.FixedTimeEquals(actual, stored.Hash);
    }

    public bool NeedsRehash(string encoded)
    {
        return !Argon2idHashString.TryParse(encoded, out var stored)
            || stored is null
            || stored.MemoryKiB != _options.Argon2MemoryKiB
            || stored.Iterations != _options.Argon2Iterations
            || stored.Parallelism != _options.Argon2Parallelism
            || stored.Salt.Length != SaltBytes
            || stored.Hash.Length != HashBytes;
    }

    public void DummyVerify(string password) => _ = Verify(password ?? string.Empty, _dummyHash.Value);

    private static byte[] Derive(string password, byte[] salt, int memoryKiB, int iterations, int parallelism, int length)
    {
        var algorithm = PasswordBasedKeyDerivationAlgorithm.Argon2id(new Argon2Parameters
        {
            DegreeOfParallelism = parallelism,
            MemorySize = memoryKiB,
            NumberOfPasses = iterations,
        });

        var bytes = Encoding.UTF8.GetBytes(PasswordNormalizer.Normalize(password));
        try
        {
            var output = new byte[length];
            algorithm.DeriveBytes(bytes, salt, output);
            return output;
        }
        finally
        {
            CryptographicOperations.ZeroMemory(bytes);
        }
    }
}
