using System.Buffers.Text;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using RecoveryFunctions.Core.Accounts;
using RecoveryFunctions.Core.Email;
using RecoveryFunctions.Core.Identity;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using RecoveryFunctions.Core.Notifications;
using RecoveryFunctions.Core.Options;
using RecoveryFunctions.Core.Questions;
using RecoveryFunctions.Core.Secrets;
using RecoveryFunctions.Infrastructure.Secrets;
using RecoveryFunctions.Infrastructure.Storage;
using RecoveryFunctions.Tests.Core;
using RecoveryFunctions.TestSupport;
using Xunit.Abstractions;

namespace RecoveryFunctions.Tests.Email;

/// <summary>
/// The outbox envelope (docs/security/outbox-at-rest.md): AES-256-GCM, a fresh nonce per message, the header bound as
/// associated data, the previous key still opening, anything else refused with a reason and never opened.
/// </summary>
public sealed partial class OutboxEnvelopeTests(ITestOutputHelper output)
{
    /// <summary>Storage's limit on a message as sent (the base64 text the queue client puts in the request).</summary>
    private const int QueueMessageLimit = 64 * 1024;

    private static readonly byte[] KeyA = RandomNumberGenerator.GetBytes(32);
    private static readonly byte[] KeyB = RandomNumberGenerator.GetBytes(32);
    private static readonly byte[] KeyC = RandomNumberGenerator.GetBytes(32);
    private static readonly byte[] Secret = "{\"to\":\"temoin@example.fr\",\"values\":{\"Code\":\"K7PX-3MZQ\"}}"u8.ToArray();

    [Fact]
    public void Seal_ThenOpen_GivesTheMessageBack()
    {
        var ring = new OutboxKeyRing(KeyA, null);

        var error = ring.TryOpen(ring.Seal(Secret), out var opened, out var keyId);

        Assert.Equal(OutboxEnvelopeError.None, error);
        Assert.Equal(Secret, opened);
        Assert.Equal(OutboxKeyRing.KeyIdOf(KeyA), keyId);
    }

    [Fact]
    public void Seal_SameMessageTwice_FreshNonceAndCiphertextEachTime()
    {
        var ring = new OutboxKeyRing(KeyA, null);

        var envelopes = Enumerable.Range(0, 50).Select(_ => ring.Seal(Secret)).ToList();

        Assert.Equal(50, envelopes.Select(e => e.Split('.')[2]).Distinct().Count());
        Assert.Equal(50, envelopes.Select(e => e.Split('.')[3]).Distinct().Count());
    }

    /// <summary>The documented format, opened by hand with AesGcm: the header "v1.{key id}" is the associated data.</summary>
    [Fact]
    public void Seal_Envelope_IsTheDocumentedFormat()
    {
        var envelope = new OutboxKeyRing(KeyA, null).Seal(Secret);

        var match = EnvelopeShape().Match(envelope);
        Assert.True(match.Success, envelope);
        Assert.DoesNotContain("temoin", envelope, StringComparison.Ordinal);
        var expectedKeyId = Base64Url.EncodeToString(HMACSHA256.HashData(KeyA, "outbox-key-id"u8)[..6]);
        Assert.Equal(expectedKeyId, match.Groups["kid"].Value);

        var nonce = Base64Url.DecodeFromChars(match.Groups["nonce"].Value);
        var sealedBytes = Base64Url.DecodeFromChars(match.Groups["sealed"].Value);
        Assert.Equal(12, nonce.Length);
        Assert.Equal(Secret.Length + 16, sealedBytes.Length);
        using var aes = new AesGcm(KeyA, 16);
        var clear = new byte[Secret.Length];
        aes.Decrypt(nonce, sealedBytes[..Secret.Length], sealedBytes[Secret.Length..], clear, Encoding.ASCII.GetBytes("v1." + expectedKeyId));
        Assert.Equal(Secret, clear);

        // Without the header as associated data, the tag does not match: the header is bound to the ciphertext.
        Assert.Throws<AuthenticationTagMismatchException>(() => aes.Decrypt(nonce, sealedBytes[..Secret.Length], sealedBytes[Secret.Length..], clear, "v2."u8.ToArray()));
    }

    [Fact]
    public void Open_SealedUnderThePreviousKey_OpensAfterRotation()
    {
        var envelope = new OutboxKeyRing(KeyA, null).Seal(Secret);

        var error = new OutboxKeyRing(KeyB, KeyA).TryOpen(envelope, out var opened, out _);

        Assert.Equal(OutboxEnvelopeError.None, error);
        Assert.Equal(Secret, opened);
    }

    [Fact]
    public void Open_KeyRotatedOutTwice_UnknownKeyNamingIt()
    {
        var envelope = new OutboxKeyRing(KeyA, null).Seal(Secret);

        var error = new OutboxKeyRing(KeyC, KeyB).TryOpen(envelope, out var opened, out var keyId);

        Assert.Equal(OutboxEnvelopeError.UnknownKey, error);
        Assert.Null(opened);
        Assert.Equal(OutboxKeyRing.KeyIdOf(KeyA), keyId);
    }

    [Theory]
    [InlineData(2)] // nonce
    [InlineData(3)] // ciphertext and tag
    public void Open_OneCharacterChanged_Tampered(int part)
    {
        var ring = new OutboxKeyRing(KeyA, null);
        var parts = ring.Seal(Secret).Split('.');
        var middle = parts[part].Length / 2;
        parts[part] = parts[part][..middle] + (parts[part][middle] == 'A' ? 'B' : 'A') + parts[part][(middle + 1)..];

        var error = ring.TryOpen(string.Join('.', parts), out var opened, out _);

        Assert.Equal(OutboxEnvelopeError.Tampered, error);
        Assert.Null(opened);
    }

    /// <summary>A message moved under the other key's id (both keys known) is refused, not opened under the wrong key.</summary>
    [Fact]
    public void Open_KeyIdSwappedForTheOtherKnownKey_Tampered()
    {
        var ring = new OutboxKeyRing(KeyB, KeyA);
        var parts = ring.Seal(Secret).Split('.');
        parts[1] = OutboxKeyRing.KeyIdOf(KeyA);

        Assert.Equal(OutboxEnvelopeError.Tampered, ring.TryOpen(string.Join('.', parts), out _, out _));
    }

    [Theory]
    [InlineData("{\"to\":\"temoin@example.fr\"}")] // a clear-text message as written before envelopes
    [InlineData("")]
    [InlineData("v1")]
    [InlineData("v1.AAAAAAAA.AAAAAAAAAAAAAAAA")]
    [InlineData("v1.AAAA AAA.AAAAAAAAAAAAAAAA.AAAAAAAAAAAAAAAAAAAAAAAA")]
    public void Open_NotAnEnvelope_Malformed(string text)
    {
        Assert.Equal(OutboxEnvelopeError.Malformed, new OutboxKeyRing(KeyA, null).TryOpen(text, out _, out var keyId));
        Assert.Null(keyId);
    }

    [Fact]
    public void Open_AnotherVersion_MalformedNotOpened()
    {
        var ring = new OutboxKeyRing(KeyA, null);
        var envelope = "v2" + ring.Seal(Secret)[2..];

        Assert.Equal(OutboxEnvelopeError.Malformed, ring.TryOpen(envelope, out _, out _));
    }

    [Theory]
    [InlineData(16)]
    [InlineData(31)]
    [InlineData(33)]
    [InlineData(64)]
    public void Ring_KeyNot32Bytes_Refused(int size)
    {
        Assert.Throws<ArgumentException>(() => new OutboxKeyRing(new byte[size], null));
        Assert.Throws<ArgumentException>(() => new OutboxKeyRing(KeyA, new byte[size]));
    }

    [Fact]
    public async Task Provider_SecretsRotatedTwice_PreviousOpensThenUnknown()
    {
        var secrets = new FakeSecretSource();
        secrets.Values[SecretNames.OutboxKeyCurrent] = Convert.ToBase64String(KeyA);
        var provider = new OutboxKeyProvider(secrets);
        var queuedBeforeRotation = (await provider.GetKeyRingAsync()).Seal(Secret);

        secrets.Values[SecretNames.OutboxKeyPrevious] = Convert.ToBase64String(KeyA);
        secrets.Values[SecretNames.OutboxKeyCurrent] = Convert.ToBase64String(KeyB);
        var rotated = await provider.GetKeyRingAsync();
        secrets.Values[SecretNames.OutboxKeyPrevious] = Convert.ToBase64String(KeyB);
        secrets.Values[SecretNames.OutboxKeyCurrent] = Convert.ToBase64String(KeyC);
        var rotatedAgain = await provider.GetKeyRingAsync();

        Assert.Equal(OutboxKeyRing.KeyIdOf(KeyB), rotated.CurrentKeyId);
        Assert.Equal(OutboxEnvelopeError.None, rotated.TryOpen(queuedBeforeRotation, out _, out _));
        Assert.Equal(OutboxEnvelopeError.UnknownKey, rotatedAgain.TryOpen(queuedBeforeRotation, out _, out _));
    }

    /// <summary>
    /// Mid-rotation on several instances: one has read the new key and sealed under it while this one's cached secrets are
    /// still the old ones. The outbox reads the keys afresh on the unknown key id and opens the message.
    /// </summary>
    [Fact]
    public async Task Outbox_SealedByAnInstanceThatRotatedFirst_ReadsTheKeysAfreshAndOpens()
    {
        var vault = new FakeSecretSource();
        vault.Values[SecretNames.OutboxKeyCurrent] = Convert.ToBase64String(KeyA);
        var clock = new ManualTimeProvider();
        var cached = new CachingSecretSource(vault, Options.Create(new SecretsOptions()), clock, NullLogger<CachingSecretSource>.Instance);
        var storage = Options.Create(new StorageOptions { ConnectionString = "UseDevelopmentStorage=true" });
        var outbox = new StorageQueueEmailOutbox(new StorageClients(storage, []), new TableNames(storage), new OutboxKeyProvider(cached), TimeProvider.System, NullLogger<StorageQueueEmailOutbox>.Instance);
        Assert.NotNull(await outbox.TryOpenAsync(new OutboxKeyRing(KeyA, null).Seal(EmailJson())));

        // Rotated in the vault a minute later, well inside this instance's 5-minute cache.
        vault.Values[SecretNames.OutboxKeyPrevious] = Convert.ToBase64String(KeyA);
        vault.Values[SecretNames.OutboxKeyCurrent] = Convert.ToBase64String(KeyB);
        clock.Advance(TimeSpan.FromMinutes(1));
        var opened = await outbox.TryOpenAsync(new OutboxKeyRing(KeyB, KeyA).Seal(EmailJson()));

        Assert.Equal("temoin@example.fr", opened?.To);
    }

    [Theory]
    [InlineData(null, null, "outbox-key-current", "is missing")]
    [InlineData("not base64 !!", null, "outbox-key-current", "not valid base64")]
    [InlineData("AAAAAAAAAAAAAAAAAAAAAA==", null, "outbox-key-current", "decodes to 16 bytes; exactly 32 bytes are required")]
    [InlineData("VALID", "AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA==", "outbox-key-previous", "decodes to 64 bytes")]
    public async Task Provider_StartWithBadKey_RefusedNamingTheSetting(string? current, string? previous, string named, string why)
    {
        var secrets = new FakeSecretSource();
        secrets.Values[SecretNames.OutboxKeyCurrent] = current == "VALID" ? Convert.ToBase64String(KeyA) : current;
        secrets.Values[SecretNames.OutboxKeyPrevious] = previous;

        var refused = await Assert.ThrowsAsync<InvalidOperationException>(() => new OutboxKeyProvider(secrets).StartAsync(CancellationToken.None));

        Assert.Contains($"'{named}'", refused.Message, StringComparison.Ordinal);
        Assert.Contains($"Secrets:Values:{named}", refused.Message, StringComparison.Ordinal);
        Assert.Contains(why, refused.Message, StringComparison.Ordinal);
    }

    /// <summary>
    /// The largest email the app queues (the password-changed notice carrying the récapitulatif's values, every field at
    /// its longest) before and after sealing: the queue text grows by about 4/3 and stays far below Storage's 64 KiB.
    /// The PDF itself never travels in the message (the worker prints it at send time).
    /// </summary>
    [Fact]
    public void Seal_LargestEmail_StaysWithinTheQueueLimit()
    {
        var json = JsonSerializer.SerializeToUtf8Bytes(LargestEmail(), OutboxEmailJson.Options);
        var before = Convert.ToBase64String(json).Length;
        var envelope = new OutboxKeyRing(KeyA, null).Seal(json);
        var after = Convert.ToBase64String(Encoding.ASCII.GetBytes(envelope)).Length;
        output.WriteLine($"JSON {json.Length} B; queue text before {before} B, after {after} B (limit {QueueMessageLimit} B)");

        Assert.Equal(29 + Base64Url.GetEncodedLength(json.Length + 16), envelope.Length);
        Assert.True(after < QueueMessageLimit / 8, $"{after} bytes");
        Assert.True(json.Length < MaxJsonBytes, $"{json.Length} bytes");
    }

    /// <summary>The largest JSON whose envelope still fits Storage's limit once the client base64-encodes it.</summary>
    [Fact]
    public void Seal_JsonAtTheDocumentedMaximum_FitsOneByteMoreDoesNot()
    {
        var ring = new OutboxKeyRing(KeyA, null);

        Assert.True(QueueTextLength(ring.Seal(new byte[MaxJsonBytes])) <= QueueMessageLimit);
        Assert.True(QueueTextLength(ring.Seal(new byte[MaxJsonBytes + 1])) > QueueMessageLimit);
    }

    /// <summary>36,826 bytes of JSON (49,152 before envelopes): 64 KiB of base64 is 49,152 envelope characters, 29 of them header.</summary>
    private const int MaxJsonBytes = 36_826;

    private static int QueueTextLength(string envelope) => Base64.GetMaxEncodedToUtf8Length(envelope.Length);

    private static byte[] EmailJson() => JsonSerializer.SerializeToUtf8Bytes(
        new OutboxEmail(Guid.NewGuid(), EmailTemplate.PasswordChanged, "temoin@example.fr", "fr", new Dictionary<string, string>(), Budget: EmailBudget.None),
        OutboxEmailJson.Options);

    private static OutboxEmail LargestEmail()
    {
        // 253 characters: the longest address the registration accepts (RFC 5321 path limit).
        var address = new string('a', 64) + "@" + string.Join('.', Enumerable.Repeat(new string('b', 61), 3)) + ".fr";
        var question = SecurityQuestionCatalog.Offered.SelectMany(q => (string[])[q.French, q.English]).MaxBy(Encoding.UTF8.GetByteCount)!;
        var account = new Account
        {
            SubscriberNumber = SubscriberNumber.Generate(),
            Email = address,
            Status = AccountStatus.Active,
            PasswordHash = "-",
            SecurityQuestionId = SecurityQuestionCatalog.Offered.First(q => q.French == question || q.English == question).Id,
            SecurityAnswerHash = "-",
            Phone = "+33612345678",
            Language = "fr",
            RegisteredAt = DateTimeOffset.UnixEpoch,
            PasswordChangedAt = DateTimeOffset.UnixEpoch,
            SecurityStamp = 1,
        };
        var values = SummaryEmail.AttachmentValues(account, StandardsProfile.Seed);
        values[EmailValueKeys.Date] = DateTimeOffset.UnixEpoch.ToString("O", System.Globalization.CultureInfo.InvariantCulture);
        values[EmailValueKeys.AssistanceUrl] = "https://" + new string('c', 200) + ".example.fr/aide/";
        values[EmailValueKeys.ServiceName] = new string('d', 100);
        return new OutboxEmail(Guid.NewGuid(), EmailTemplate.PasswordChanged, address, "fr", values, Budget: EmailBudget.None)
        {
            EnqueuedAt = DateTimeOffset.UnixEpoch,
            ValidUntil = DateTimeOffset.UnixEpoch,
            Requeues = 999,
            Replays = 99,
            Delivery = new EmailDeliveryState(DateTimeOffset.UnixEpoch, MaybeAccepted: true, Accepted: true, TransientFailures: 4, StatusReads: 19),
            TraceParent = "00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01",
        };
    }

    [GeneratedRegex("^v1\\.(?<kid>[A-Za-z0-9_-]{8})\\.(?<nonce>[A-Za-z0-9_-]{16})\\.(?<sealed>[A-Za-z0-9_-]+)$")]
    private static partial Regex EnvelopeShape();
}
