using System.Security.Cryptography;
using System.Text;

namespace RecoveryFunctions.Infrastructure.Storage;

/// <summary>
/// The email index's partition key: SHA-256 of the canonical address, hex. A hash keeps any character an
/// address may hold ('/', '#', '?') out of the key, and one partition per address makes the insert-if-absent
/// claim atomic.
/// </summary>
internal static class EmailIndexKey
{
    public const string RowKey = "email";

    public static string For(string canonicalEmail)
        => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(canonicalEmail)));
}
