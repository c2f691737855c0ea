using System.Buffers.Text;
using System.Diagnostics.CodeAnalysis;
using System.Security.Cryptography;

namespace RecoveryFunctions.Core.Tokens;

/// <summary>Where a token's row lives: partition = expiry bucket + shard, row = HMAC of the token.</summary>
public sealed record TokenAddress(string Partition, string Row);

/// <summary>A fresh token (the only clear copy, for the person) and the address its row is written at.</summary>
public sealed record IssuedToken(string Token, TokenAddress Address);

/// <summary>
/// The token policy, in one place: a token is nine digits of expiry bucket (<see cref="ExpiryBucket"/>) then 256
/// random bits in base64url; its row's partition is the bucket and a shard taken from the random part (so a
/// 10-minute slot is spread over many partitions and validation stays a point read), its row key the HMAC of the
/// token under the current key, and under the previous key too on look-up (rotation). Built from one key ring,
/// read once per request; the stores only keep rows at the addresses it gives.
/// </summary>
public sealed class TokenCodec(TokenKeyRing ring)
{
    /// <summary>256 random bits, base64url without padding.</summary>
    public const int RandomLength = 43;

    public const int TokenLength = ExpiryBucket.Digits + RandomLength;

    /// <summary>A <see cref="NewLink"/> link: bucket, shard character, row key (an HMAC, as long as a random part), secret.</summary>
    public const int LinkLength = ExpiryBucket.Digits + 1 + RandomLength + RandomLength;

    private const int RandomBytes = 32;

    /// <summary>The key ring this codec hashes with, for the other secrets of the same request (codes, captcha parts).</summary>
    public TokenKeyRing Ring => ring;

    /// <summary>A new token for a row that can live until <paramref name="latestExpiry"/>, and that row's address.</summary>
    public IssuedToken Issue(DateTimeOffset latestExpiry) => Addressed(NewToken(latestExpiry));

    /// <summary>
    /// A new token whose row lands in <paramref name="sibling"/>'s partition (same expiry bucket, same shard character),
    /// so both rows can be written in one transaction. The shard character is fixed, leaving 250 random bits. Null when
    /// the sibling's bucket ends before <paramref name="latestExpiry"/>: cleanup could sweep a row there while it is live.
    /// </summary>
    public IssuedToken? IssueBeside(TokenAddress sibling, DateTimeOffset latestExpiry)
    {
        ArgumentNullException.ThrowIfNull(sibling);
        // The partition is "{bucket}_{shard}" and the shard is the random part's first character (Partition below).
        return ExpiryBucket.TryParse(sibling.Partition.AsSpan(0, ExpiryBucket.Digits), out var bucket) && ExpiryBucket.Of(latestExpiry) <= bucket
            ? Addressed(string.Concat(sibling.Partition.AsSpan(0, ExpiryBucket.Digits), sibling.Partition.AsSpan(sibling.Partition.Length - 1), RandomPart().AsSpan(1)))
            : null;
    }

    /// <summary>
    /// A link straight to an existing row, read with one point read (<see cref="TryReadLink"/>): the row's partition and
    /// row key in clear, then 256 fresh random bits, the secret whose keyed hash the row keeps (<see cref="SaltedSecret"/>).
    /// The address opens nothing alone: a row key is an HMAC of another token, which it does not give back.
    /// </summary>
    /// <returns>The link (the only clear copy of the secret, for the email) and the secret, to hash into the row.</returns>
    public static (string Link, string Secret) NewLink(TokenAddress row)
    {
        ArgumentNullException.ThrowIfNull(row);
        var secret = RandomPart();
        var link = string.Concat(row.Partition.AsSpan(0, Math.Min(ExpiryBucket.Digits, row.Partition.Length)), row.Partition.AsSpan(row.Partition.Length - 1), row.Row, secret);
        return TryReadLink(link, out var read, out _) && read == row ? (link, secret) : throw new ArgumentException("Not the address of a token row.", nameof(row));
    }

    /// <summary>The row and secret a <see cref="NewLink"/> link carries; false, before any read, when the text is not shaped like one.</summary>
    public static bool TryReadLink(string? link, [NotNullWhen(true)] out TokenAddress? row, [NotNullWhen(true)] out string? secret)
    {
        row = null;
        secret = null;
        // Bucket, shard and row key then the secret: a token's shape (Partition), then base64url.
        if (link is not { Length: LinkLength } || Partition(link[..TokenLength]) is not { } partition || !IsBase64Url(link.AsSpan(TokenLength)))
        {
            return false;
        }

        row = new TokenAddress(partition, link.Substring(ExpiryBucket.Digits + 1, RandomLength));
        secret = link[(ExpiryBucket.Digits + 1 + RandomLength)..];
        return true;
    }

    private IssuedToken Addressed(string token) => new(token, new TokenAddress(Partition(token)!, ring.Hash(token)));

    /// <summary>The addresses a presented token may live at, current key first; none when it is not shaped like a token.</summary>
    public IReadOnlyList<TokenAddress> Candidates(string? token)
        => Partition(token) is { } partition ? [.. ring.CandidateHashes(token!).Select(row => new TokenAddress(partition, row))] : [];

    /// <summary>
    /// The row at the first of a token's <see cref="Candidates"/> that holds one (current key, then previous); null when
    /// none does, or without a read when the text is not shaped like a token.
    /// </summary>
    public async Task<T?> FindFirstAsync<T>(string? token, Func<TokenAddress, CancellationToken, Task<T?>> read, CancellationToken cancellationToken = default)
        where T : class
    {
        ArgumentNullException.ThrowIfNull(read);
        foreach (var address in Candidates(token))
        {
            if (await read(address, cancellationToken) is { } row)
            {
                return row;
            }
        }

        return null;
    }

    /// <summary>A token of the right shape bound to no row: what a step hands out when it must not touch storage.</summary>
    public static string NewToken(DateTimeOffset latestExpiry) => ExpiryBucket.Format(ExpiryBucket.Of(latestExpiry)) + RandomPart();

    /// <summary>
    /// The address of a row known by a hash rather than by a token it issued (a spent captcha's marker): the partition
    /// of a token expiring at <paramref name="expiresAt"/>, sharded by the hash's first character as a token is by its
    /// random part's, so cleanup drops it by key range like every token row.
    /// </summary>
    public static TokenAddress At(DateTimeOffset expiresAt, string rowHash)
    {
        ArgumentException.ThrowIfNullOrEmpty(rowHash);
        return new TokenAddress($"{ExpiryBucket.Format(ExpiryBucket.Of(expiresAt))}_{rowHash[0]}", rowHash);
    }

    /// <summary><see cref="RandomBytes"/> random bytes in base64url.</summary>
    private static string RandomPart()
    {
        Span<byte> bytes = stackalloc byte[RandomBytes];
        RandomNumberGenerator.Fill(bytes);
        var random = Base64Url.EncodeToString(bytes);
        CryptographicOperations.ZeroMemory(bytes);
        return random;
    }

    /// <summary>The partition a token's row is in, or null when the text cannot be a token (checked before any look-up).</summary>
    private static string? Partition(string? token)
    {
        if (token is not { Length: TokenLength } || !ExpiryBucket.TryParse(token.AsSpan(0, ExpiryBucket.Digits), out var bucket))
        {
            return null;
        }

        return IsBase64Url(token.AsSpan(ExpiryBucket.Digits)) ? $"{ExpiryBucket.Format(bucket)}_{token[ExpiryBucket.Digits]}" : null;
    }

    private static bool IsBase64Url(ReadOnlySpan<char> text)
    {
        foreach (var c in text)
        {
            if (!(char.IsAsciiLetterOrDigit(c) || c is '-' or '_'))
            {
                return false;
            }
        }

        return true;
    }
}
