using System.Text;
using RecoveryFunctions.Core.Accounts;
using RecoveryFunctions.Core.Answers;
using RecoveryFunctions.Core.Passwords;
using RecoveryFunctions.Core.Registration;
using RecoveryFunctions.Core.Tokens;

namespace RecoveryFunctions.Core.Assistance.Requests;

/// <summary>What <see cref="SecretInMessageCheck"/> found, and the message to store (each confirmed span masked).</summary>
/// <param name="Fingerprints">Fingerprint computations made (every key counted): the same for every message and account.</param>
public sealed record SecretScan(string Message, bool PasswordFound, bool AnswerFound, int Fingerprints)
{
    public bool Redacted => PasswordFound || AnswerFound;

    /// <summary>Which secret the holder must change, in words for the email (never the secret itself).</summary>
    public string ExposedSecretLabel(string language) => (PasswordFound, AnswerFound, language == Languages.English) switch
    {
        (true, true, true) => "Your password and the answer to your security question",
        (true, true, false) => "Votre mot de passe et la réponse à votre question de confiance",
        (true, false, true) => "Your password",
        (true, false, false) => "Votre mot de passe",
        (false, _, true) => "The answer to your security question",
        (false, _, false) => "La réponse à votre question de confiance",
    };
}

/// <summary>
/// Finds the matched account's own password or security answer in a contact-form message and masks it, at a cost that
/// depends on nothing but the message's length limit (docs/security/contact-form.md).
/// <list type="bullet">
/// <item>Candidates: every whitespace-separated token a password could be (the policy's lengths after NFKC), as typed,
/// without its surrounding punctuation, and with one character of it left on either side; and every run of 1 to
/// <see cref="MaxAnswerWords"/> consecutive words whose normalised form (<see cref="SecurityAnswerNormalizer"/>) has an
/// answer's length, as typed and without the punctuation at its two ends.</item>
/// <item>Each candidate's keyed fingerprint (<see cref="SecretFingerprints"/>) is compared with the account's; decoy
/// computations fill up to a fixed count (<see cref="PasswordCapacity"/>, <see cref="AnswerCapacity"/>, times the keys in
/// the ring), so a match, a miss, an unknown account or an account without fingerprints cost the same.</item>
/// <item>Exactly two Argon2id evaluations follow, always: the first password hit against the password hash and the first
/// answer hit against the answer hash, or a dummy evaluation for each. A 40-bit fingerprint hit is a hint, the hash the proof.</item>
/// </list>
/// </summary>
public sealed class SecretInMessageCheck(IPasswordHasher hasher, PasswordPolicy policy)
{
    /// <summary>What replaces each confirmed span: agents see that something was masked, never what.</summary>
    public const string Marker = "[masqué]";

    /// <summary>A run of more words cannot be an answer: each word and the space after it are at least 2 of its 40 characters.</summary>
    public const int MaxAnswerWords = (SecurityAnswerNormalizer.MaximumLength + 1) / 2;

    /// <summary>Runs tried per start and word count: as typed, and without the punctuation at its ends.</summary>
    private const int AnswerVariants = 2;

    /// <summary>Spans tried per token: {as typed, one, all} leading punctuation removed × the same trailing.</summary>
    private const int PasswordVariants = 9;

    /// <summary>Answer candidates in a message of the maximum length: at most one word per two characters, each starting up to 20 runs.</summary>
    public const int AnswerCapacity = AnswerVariants * MaxAnswerWords * ((AssistanceRequestService.MaxMessageLength + 1) / 2);

    // Every account number has 13 digits: an unmatched request fingerprints under a number of the same length.
    private const string NoAccount = "0000000000000";
    private static readonly byte[] Decoy = "decoy-span-of-a-secret-length"u8.ToArray();

    /// <summary>Password candidates in a message of the maximum length: a token of the minimum length and its separator, 9 spans each.</summary>
    public int PasswordCapacity => PasswordVariants * ((AssistanceRequestService.MaxMessageLength + 1) / (policy.MinimumLength + 1));

    public SecretScan Scan(string message, Account? account, TokenKeyRing ring)
    {
        ArgumentNullException.ThrowIfNull(message);
        ArgumentNullException.ThrowIfNull(ring);
        var number = account?.SubscriberNumber ?? NoAccount;
        var tokens = Tokens(message);
        using var mac = ring.CreateFingerprintMac();

        var passwords = new Search(mac, SecretFingerprints.PasswordMaterial(number), account?.PasswordFingerprint, PasswordCapacity);
        FindPasswords(message, tokens, passwords);
        passwords.Pad();
        var answers = new Search(mac, SecretFingerprints.AnswerMaterial(number), account?.AnswerFingerprint, AnswerCapacity);
        FindAnswers(message, tokens, answers);
        answers.Pad();

        // Two Argon2id evaluations whatever the search found: a hit is confirmed against the hash, a miss costs a dummy.
        var passwordFound = Confirm(passwords.First, account?.PasswordHash, message);
        var answerFound = Confirm(answers.First, account?.SecurityAnswerHash, message);
        var spans = new List<(int Start, int End)>();
        if (passwordFound)
        {
            spans.AddRange(passwords.SpansOf(passwords.First!.Text));
        }

        if (answerFound)
        {
            spans.AddRange(answers.SpansOf(answers.First!.Text));
        }

        return new SecretScan(Redact(message, spans), passwordFound, answerFound, passwords.Computed + answers.Computed);
    }

    private bool Confirm(Hit? hit, string? hash, string message)
    {
        if (hit is null || hash is null)
        {
            hasher.DummyVerify(message);
            return false;
        }

        return hasher.Verify(hit.Text, hash);
    }

    private void FindPasswords(string message, List<Token> tokens, Search search)
    {
        foreach (var token in tokens)
        {
            var (lead, trail) = (Leading(message, token), Trailing(message, token));
            foreach (var start in Distinct(0, Math.Min(1, lead), lead))
            {
                foreach (var end in Distinct(0, Math.Min(1, trail), trail))
                {
                    var length = token.Length - start - end;
                    if (length <= 0)
                    {
                        continue;
                    }

                    // As the hasher sees it (NFKC), counted in code points as the policy counts.
                    var text = PasswordNormalizer.Normalize(message.Substring(token.Start + start, length));
                    var runes = text.EnumerateRunes().Count();
                    if (runes >= policy.MinimumLength && runes <= PasswordPolicy.MaximumLength)
                    {
                        search.Try(text, token.Start + start, token.End - end);
                    }
                }
            }
        }
    }

    private static void FindAnswers(string message, List<Token> tokens, Search search)
    {
        // Words are tokens that normalise to something; one that normalises to nothing (a lone accent) is invisible in a run anyway.
        var words = tokens.Select(t => Word.Of(message, t)).Where(w => w.Plain.Length > 0).ToList();
        // 40 code points are at most 80 UTF-16 units.
        Span<char> plain = stackalloc char[2 * SecurityAnswerNormalizer.MaximumLength];
        Span<char> trimmed = stackalloc char[2 * SecurityAnswerNormalizer.MaximumLength];
        for (var i = 0; i < words.Count; i++)
        {
            for (var k = 1; k <= MaxAnswerWords && i + k <= words.Count; k++)
            {
                var (first, last) = (words[i], words[i + k - 1]);
                var asTyped = Join(plain, words, i, k, trimmed: false);
                if (asTyped > 0)
                {
                    search.Try(plain[..asTyped], first.Token.Start, last.Token.End);
                }

                var bare = Join(trimmed, words, i, k, trimmed: true);
                if (bare > 0 && !trimmed[..bare].SequenceEqual(plain[..Math.Max(asTyped, 0)]))
                {
                    search.Try(trimmed[..bare], first.Token.Start + first.Lead, last.Token.End - last.Trail);
                }
            }
        }
    }

    /// <summary>
    /// Writes the normalised run of <paramref name="count"/> words from <paramref name="first"/> into <paramref name="buffer"/>
    /// and returns its length in UTF-16 units when it has an answer's length (3 to 40 code points), else -1.
    /// </summary>
    private static int Join(Span<char> buffer, List<Word> words, int first, int count, bool trimmed)
    {
        var chars = 0;
        var runes = 0;
        var pieces = 0;
        for (var j = first; j < first + count; j++)
        {
            var word = words[j];
            var (piece, pieceRunes) = !trimmed ? (word.Plain, word.PlainRunes)
                : count == 1 ? (word.Both, word.BothRunes)
                : j == first ? (word.NoLead, word.NoLeadRunes)
                : j == first + count - 1 ? (word.NoTrail, word.NoTrailRunes)
                : (word.Plain, word.PlainRunes);
            if (piece.Length == 0)
            {
                continue;
            }

            runes += pieceRunes + (pieces > 0 ? 1 : 0);
            if (runes > SecurityAnswerNormalizer.MaximumLength)
            {
                return -1;
            }

            if (pieces++ > 0)
            {
                buffer[chars++] = ' ';
            }

            piece.CopyTo(buffer[chars..]);
            chars += piece.Length;
        }

        return runes >= SecurityAnswerNormalizer.MinimumLength ? chars : -1;
    }

    private static string Redact(string message, List<(int Start, int End)> spans)
    {
        if (spans.Count == 0)
        {
            return message;
        }

        var builder = new StringBuilder(message.Length);
        var at = 0;

        // A run whose end word was only punctuation starts or ends on the space next to it: the marker keeps that space.
        foreach (var (start, end) in spans.Select(s => Inner(message, s)).OrderBy(s => s.Start))
        {
            if (end <= at)
            {
                continue;
            }

            // Overlapping spans (a password inside an answer run, two variants of one run) become one marker.
            if (start >= at)
            {
                builder.Append(message, at, start - at).Append(Marker);
            }

            at = end;
        }

        return builder.Append(message, at, message.Length - at).ToString();
    }

    private static (int Start, int End) Inner(string message, (int Start, int End) span)
    {
        var (start, end) = span;
        while (start < end && char.IsWhiteSpace(message[start]))
        {
            start++;
        }

        while (end > start && char.IsWhiteSpace(message[end - 1]))
        {
            end--;
        }

        return (start, end);
    }

    private static List<Token> Tokens(string message)
    {
        var tokens = new List<Token>();
        for (var i = 0; i < message.Length;)
        {
            if (char.IsWhiteSpace(message[i]))
            {
                i++;
                continue;
            }

            var start = i;
            while (i < message.Length && !char.IsWhiteSpace(message[i]))
            {
                i++;
            }

            tokens.Add(new Token(start, i));
        }

        return tokens;
    }

    private static int Leading(string message, Token token)
    {
        var n = 0;
        while (n < token.Length && char.IsPunctuation(message[token.Start + n]))
        {
            n++;
        }

        return n;
    }

    private static int Trailing(string message, Token token)
    {
        var n = 0;
        while (n < token.Length && char.IsPunctuation(message[token.End - 1 - n]))
        {
            n++;
        }

        return n;
    }

    private static IEnumerable<int> Distinct(int a, int b, int c) => new[] { a, b, c }.Distinct();

    private readonly record struct Token(int Start, int End)
    {
        public int Length => End - Start;
    }

    /// <summary>A token's normalised forms: as typed, without leading, without trailing and without either punctuation.</summary>
    private sealed record Word(Token Token, int Lead, int Trail, string Plain, int PlainRunes, string NoLead, int NoLeadRunes, string NoTrail, int NoTrailRunes, string Both, int BothRunes)
    {
        public static Word Of(string message, Token token)
        {
            var lead = Leading(message, token);
            var trail = lead == token.Length ? 0 : Trailing(message, token);
            var text = message.AsSpan(token.Start, token.Length);
            var plain = SecurityAnswerNormalizer.Normalize(text.ToString());
            var noLead = SecurityAnswerNormalizer.Normalize(text[lead..].ToString());
            var noTrail = SecurityAnswerNormalizer.Normalize(text[..^trail].ToString());
            var both = SecurityAnswerNormalizer.Normalize(text[lead..^trail].ToString());
            return new Word(token, lead, trail, plain, Runes(plain), noLead, Runes(noLead), noTrail, Runes(noTrail), both, Runes(both));
        }

        private static int Runes(string text) => text.EnumerateRunes().Count();
    }

    private sealed record Hit(string Text, int Start, int End);

    /// <summary>
    /// One secret's search: a fingerprint per candidate under every key, compared with the stored one; the hits kept;
    /// <see cref="Pad"/> makes the computation count up to the capacity whatever came before.
    /// </summary>
    private sealed class Search(FingerprintMac mac, string material, string? stored, int capacity)
    {
        private readonly byte[] _prefix = Encoding.UTF8.GetBytes(material);

        // No stored fingerprint (no account, or one not seen since fingerprints exist): compared all the same, never a hit.
        private readonly ulong? _target = FingerprintMac.TryParse(stored, out var target) ? target : null;
        private readonly ulong[] _values = new ulong[mac.KeyCount];
        private readonly byte[] _bytes = new byte[4 * (PasswordPolicy.MaximumLength + 1)];
        private readonly List<Hit> _hits = [];
        private int _tried;

        public int Computed { get; private set; }

        public Hit? First => _hits.Count > 0 ? _hits[0] : null;

        public void Try(ReadOnlySpan<char> text, int start, int end)
        {
            if (_tried == capacity || Encoding.UTF8.GetByteCount(text) > _bytes.Length)
            {
                return;
            }

            _tried++;
            var length = Encoding.UTF8.GetBytes(text, _bytes);
            if (Matches(_bytes.AsSpan(0, length)))
            {
                _hits.Add(new Hit(text.ToString(), start, end));
            }
        }

        public void Pad()
        {
            while (_tried < capacity)
            {
                _tried++;
                _ = Matches(Decoy);
            }
        }

        public IEnumerable<(int Start, int End)> SpansOf(string text)
            => _hits.Where(h => string.Equals(h.Text, text, StringComparison.Ordinal)).Select(h => (h.Start, h.End));

        private bool Matches(ReadOnlySpan<byte> candidate)
        {
            mac.Compute(_prefix, candidate, _values);
            Computed += _values.Length;
            var match = false;
            foreach (var value in _values)
            {
                match |= value == _target.GetValueOrDefault();
            }

            return match & _target.HasValue;
        }
    }
}
