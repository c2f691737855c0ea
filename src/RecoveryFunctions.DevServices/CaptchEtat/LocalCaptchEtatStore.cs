using System.Collections.Concurrent;
using System.Security.Cryptography;
using RecoveryFunctions.Core.Captcha;
using RecoveryFunctions.Core.Options;

namespace RecoveryFunctions.DevServices.CaptchEtat;

/// <summary>
/// What the emulated service remembers: the access tokens it issued and until when, and each challenge's text,
/// style and expiry by uuid. A uuid is spent by its first validation, right or wrong. Tests read the text of a
/// challenge here, as only the person looking at the image would know it.
/// </summary>
public sealed class LocalCaptchEtatStore(LocalCaptchEtatOptions options, TimeProvider time)
{
    private readonly ConcurrentDictionary<string, DateTimeOffset> _tokens = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, Challenge> _challenges = new(StringComparer.Ordinal);
    private int _tokenRequests;
    private int _validations;

    public TimeProvider Time => time;

    /// <summary>Tokens issued so far (successful token requests).</summary>
    public int TokensIssued => Volatile.Read(ref _tokenRequests);

    /// <summary>valider-captcha requests that reached the verdict.</summary>
    public int Validations => Volatile.Read(ref _validations);

    /// <summary>The text of the last challenge issued.</summary>
    public string? LastText { get; private set; }

    /// <summary>Forgets every issued token: the next API call with one gets 401, as after a revocation on PISTE.</summary>
    public void RevokeTokens() => _tokens.Clear();

    internal (string Token, TimeSpan Lifetime) IssueToken()
    {
        var token = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32));
        _tokens[token] = time.GetUtcNow() + options.TokenLifetime;
        Interlocked.Increment(ref _tokenRequests);
        return (token, options.TokenLifetime);
    }

    internal bool IsValidToken(string token) => _tokens.TryGetValue(token, out var expiresAt) && time.GetUtcNow() < expiresAt;

    internal (string Uuid, string Text) IssueChallenge(string style)
    {
        var text = TextFor(style);
        var uuid = Guid.NewGuid().ToString("D");
        _challenges[uuid] = new Challenge(text, time.GetUtcNow() + options.ChallengeLifetime);
        LastText = text;
        return (uuid, text);
    }

    /// <summary>The text of a live challenge, for its sound; null when unknown, spent or expired.</summary>
    internal string? Find(string uuid) => _challenges.TryGetValue(uuid, out var c) && time.GetUtcNow() < c.ExpiresAt ? c.Text : null;

    /// <summary>Spends the uuid (removed first, so two concurrent validations cannot both succeed) and judges the code.</summary>
    internal bool Validate(string uuid, string code)
    {
        Interlocked.Increment(ref _validations);
        return _challenges.TryRemove(uuid, out var c) && time.GetUtcNow() < c.ExpiresAt
            && string.Equals(c.Text, code.Trim(), StringComparison.OrdinalIgnoreCase);
    }

    /// <summary>
    /// Characters and length by style name (numerique / alphabetique / alphanumerique, 6_7, 12, 6to9, 4to6; the bare
    /// captchaFR/EN taken as 6 to 9 alphanumerics), drawn from the project's own alphabet since the emulation draws
    /// with its renderer, and at most its 10 characters.
    /// </summary>
    internal static string TextFor(string style)
    {
        var digits = new string([.. CaptchaAlphabet.Characters.Where(char.IsDigit)]);
        var letters = new string([.. CaptchaAlphabet.Characters.Where(char.IsLetter)]);
        var characters = style.StartsWith("numerique", StringComparison.Ordinal) ? digits
            : style.StartsWith("alphabetique", StringComparison.Ordinal) ? letters
            : CaptchaAlphabet.Characters;
        var (min, max) = style.Contains("6_7", StringComparison.Ordinal) ? (6, 7)
            : style.Contains("12", StringComparison.Ordinal) ? (12, 12)
            : style.Contains("4to6", StringComparison.Ordinal) ? (4, 6)
            : (6, 9);
        var length = Math.Min(RandomNumberGenerator.GetInt32(min, max + 1), CaptchaOptions.MaxLength);
        return new string([.. Enumerable.Range(0, length).Select(_ => characters[RandomNumberGenerator.GetInt32(characters.Length)])]);
    }

    private sealed record Challenge(string Text, DateTimeOffset ExpiresAt);
}
