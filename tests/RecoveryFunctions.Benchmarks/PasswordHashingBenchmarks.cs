using System.Security.Cryptography;
using BenchmarkDotNet.Attributes;
using Microsoft.AspNetCore.Identity;
using RecoveryFunctions.Core.Passwords;

namespace RecoveryFunctions.Benchmarks;

/// <summary>
/// Figure 4: the app's Argon2id at its configured parameters beside PBKDF2-SHA256 (600,000) and ASP.NET Core
/// Identity. Not sealed: BenchmarkDotNet refuses sealed benchmark classes.
/// </summary>
[MemoryDiagnoser]
public class PasswordHashingBenchmarks
{
    public const int Pbkdf2Iterations = 600_000;
    private const string Password = "Cerisier-Bleu-4821";
    private static readonly byte[] Salt = RandomNumberGenerator.GetBytes(16);

    private readonly Argon2idPasswordHasher _argon2 = new(Microsoft.Extensions.Options.Options.Create(new RecoveryFunctions.Core.Options.PasswordOptions()));
    private readonly PasswordHasher<object> _identity = new();
    private readonly object _user = new();

    [Benchmark(Baseline = true, Description = "Argon2id (app, configured)")]
    public string Argon2id() => _argon2.Hash(Password);

    [Benchmark(Description = "PBKDF2-SHA256 600,000")]
    public byte[] Pbkdf2Sha256() => Rfc2898DeriveBytes.Pbkdf2(Password, Salt, Pbkdf2Iterations, HashAlgorithmName.SHA256, 32);

    [Benchmark(Description = "ASP.NET Core Identity PasswordHasher<T> (v3)")]
    public string IdentityPasswordHasher() => _identity.HashPassword(_user, Password);
}
