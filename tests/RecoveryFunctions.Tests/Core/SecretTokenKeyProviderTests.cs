using System.Security.Cryptography;
using RecoveryFunctions.Core.Secrets;
using RecoveryFunctions.Core.Tokens;

namespace RecoveryFunctions.Tests.Core;

public sealed class SecretTokenKeyProviderTests
{
    private static readonly byte[] KeyA = RandomNumberGenerator.GetBytes(32);
    private static readonly byte[] KeyB = RandomNumberGenerator.GetBytes(48);

    [Fact]
    public async Task GetKeyRingAsync_CurrentOnly_HashesWithCurrent()
    {
        var secrets = new FakeSecretSource();
        secrets.Values[SecretNames.TokenKeyCurrent] = Convert.ToBase64String(KeyA);

        var ring = await new SecretTokenKeyProvider(secrets).GetKeyRingAsync();

        Assert.Equal(new TokenKeyRing(KeyA, null).Hash("t"), ring.Hash("t"));
        Assert.False(ring.HasPreviousKey);
    }

    [Fact]
    public async Task GetKeyRingAsync_SecretRotated_PicksUpNewKeyAndAcceptsPrevious()
    {
        var secrets = new FakeSecretSource();
        secrets.Values[SecretNames.TokenKeyCurrent] = Convert.ToBase64String(KeyA);
        var provider = new SecretTokenKeyProvider(secrets);
        var stored = (await provider.GetKeyRingAsync()).Hash("t");

        secrets.Values[SecretNames.TokenKeyCurrent] = Convert.ToBase64String(KeyB);
        secrets.Values[SecretNames.TokenKeyPrevious] = Convert.ToBase64String(KeyA);
        var ring = await provider.GetKeyRingAsync();

        Assert.NotEqual(stored, ring.Hash("t"));
        Assert.Contains(stored, ring.CandidateHashes("t"));
    }

    [Fact]
    public async Task GetKeyRingAsync_EmptyPrevious_IsIgnored()
    {
        var secrets = new FakeSecretSource();
        secrets.Values[SecretNames.TokenKeyCurrent] = Convert.ToBase64String(KeyA);
        secrets.Values[SecretNames.TokenKeyPrevious] = " ";

        var ring = await new SecretTokenKeyProvider(secrets).GetKeyRingAsync();

        Assert.False(ring.HasPreviousKey);
    }

    [Fact]
    public async Task GetKeyRingAsync_MissingCurrent_ThrowsNamingTheSecret()
    {
        var provider = new SecretTokenKeyProvider(new FakeSecretSource());

        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => provider.GetKeyRingAsync().AsTask());
        Assert.Contains(SecretNames.TokenKeyCurrent, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task GetKeyRingAsync_ShortCurrent_ThrowsWithSize()
    {
        var secrets = new FakeSecretSource();
        secrets.Values[SecretNames.TokenKeyCurrent] = Convert.ToBase64String(new byte[16]);

        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => new SecretTokenKeyProvider(secrets).GetKeyRingAsync().AsTask());
        Assert.Contains("32", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task GetKeyRingAsync_NotBase64_Throws()
    {
        var secrets = new FakeSecretSource();
        secrets.Values[SecretNames.TokenKeyCurrent] = Convert.ToBase64String(KeyA);
        secrets.Values[SecretNames.TokenKeyPrevious] = "not base64 !!";

        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => new SecretTokenKeyProvider(secrets).GetKeyRingAsync().AsTask());
        Assert.Contains(SecretNames.TokenKeyPrevious, error.Message, StringComparison.Ordinal);
    }
}
