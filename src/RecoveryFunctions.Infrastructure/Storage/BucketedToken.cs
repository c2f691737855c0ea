using RecoveryFunctions.Core.Tokens;

namespace RecoveryFunctions.Infrastructure.Storage;

/// <summary>
/// A token as handed out: nine digits of expiry bucket, then 256 random bits in base64url.
/// The bucket and a shard taken from the random part give the partition, so a look-up is a point read
/// and a 10-minute slot is spread over many partitions instead of one hot one.
/// </summary>
internal static class BucketedToken
{
    private const int RandomLength = 43; // 32 bytes in base64url without padding

    public static string Create(DateTimeOffset expiresAt) => ExpiryBucket.Format(ExpiryBucket.Of(expiresAt)) + TokenGenerator.NewToken();

    public static bool TryGetPartition(string token, out string partition)
    {
        partition = "";
        if (token.Length != ExpiryBucket.Digits + RandomLength || !ExpiryBucket.TryParse(token.AsSpan(0, ExpiryBucket.Digits), out var bucket))
        {
            return false;
        }

        foreach (var c in token.AsSpan(ExpiryBucket.Digits))
        {
            if (!(char.IsAsciiLetterOrDigit(c) || c is '-' or '_'))
            {
                return false;
            }
        }

        partition = PartitionFor(bucket, token[ExpiryBucket.Digits]);
        return true;
    }

    public static string PartitionFor(long bucket, char shard) => $"{ExpiryBucket.Format(bucket)}_{shard}";

    /// <summary>Markers share the bucket layout (so cleanup finds them by range) under a shard no token uses.</summary>
    public static string MarkerPartition(long bucket) => $"{ExpiryBucket.Format(bucket)}_~";
}
