using System.Text.RegularExpressions;
using RecoveryFunctions.Core.Options;
using RecoveryFunctions.Core.Passwords;
using MsOptions = Microsoft.Extensions.Options.Options;

namespace RecoveryFunctions.Tests.Core;

public sealed class Argon2idPasswordHasherTests
{
    private readonly Argon2idPasswordHasher _hasher = TestOptions.FastHasher();

    [Fact]
    public void Verify_SamePassword_ReturnsTrue()
    {
        var encoded = _hasher.Hash("Kx7!vRq2#mWz");

        Assert.True(_hasher.Verify("Kx7!vRq2#mWz", encoded));
    }

    [Fact]
    public void Verify_WrongPassword_ReturnsFalse()
    {
        var encoded = _hasher.Hash("Kx7!vRq2#mWz");

        Assert.False(_hasher.Verify("Kx7!vRq2#mWZ", encoded));
    }

    [Fact]
    public void Verify_FullWidthVariant_MatchesAfterNfkc()
    {
        var encoded = _hasher.Hash("Kx7!vRq2#mWz");

        Assert.True(_hasher.Verify("Ｋｘ７！ｖＲｑ２＃ｍＷｚ", encoded));
    }

    [Fact]
    public void Hash_SamePasswordTwice_UsesDifferentSalts()
    {
        Assert.NotEqual(_hasher.Hash("Kx7!vRq2#mWz"), _hasher.Hash("Kx7!vRq2#mWz"));
    }

    [Fact]
    public void Hash_DefaultOptions_WritesPhcStringWithOwaspParameters()
    {
        var defaults = new Argon2idPasswordHasher(MsOptions.Create(new PasswordOptions()));

        var encoded = defaults.Hash("Kx7!vRq2#mWz");

        // 16-byte salt → 22 base64 characters, 32-byte hash → 43, no padding.
        Assert.Matches(new Regex(@"^\$argon2id\$v=19\$m=19456,t=2,p=1\$[A-Za-z0-9+/]{22}\$[A-Za-z0-9+/]{43}$"), encoded);
        Assert.True(defaults.Verify("Kx7!vRq2#mWz", encoded));
        Assert.False(defaults.NeedsRehash(encoded));
    }

    [Fact]
    public void Hash_ConfiguredOptions_WritesThoseParameters()
    {
        var encoded = _hasher.Hash("password");
        var parsed = encoded.Split('$');

        Assert.Equal("argon2id", parsed[1]);
        Assert.Equal("m=8192,t=1,p=1", parsed[3]);
    }

    [Fact]
    public void NeedsRehash_SameParameters_ReturnsFalse()
    {
        Assert.False(_hasher.NeedsRehash(_hasher.Hash("Kx7!vRq2#mWz")));
    }

    [Fact]
    public void NeedsRehash_OtherParameters_ReturnsTrue()
    {
        var old = TestOptions.FastArgon();
        old.Argon2Iterations = 2;
        var oldHasher = new Argon2idPasswordHasher(MsOptions.Create(old));

        var encoded = oldHasher.Hash("Kx7!vRq2#mWz");

        Assert.True(_hasher.NeedsRehash(encoded));
        Assert.True(_hasher.Verify("Kx7!vRq2#mWz", encoded));
    }

    [Theory]
    [InlineData("")]
    [InlineData("not a hash")]
    [InlineData("$argon2i$v=19$m=8192,t=1,p=1$c29tZXNhbHRzb21lc2FsdA$c29tZWhhc2hzb21laGFzaHNvbWVoYXNoc29tZWhhc2g")]
    [InlineData("$argon2id$v=16$m=8192,t=1,p=1$c29tZXNhbHRzb21lc2FsdA$c29tZWhhc2hzb21laGFzaHNvbWVoYXNoc29tZWhhc2g")]
    [InlineData("$argon2id$v=19$m=8192,t=1$c29tZXNhbHRzb21lc2FsdA$c29tZWhhc2hzb21laGFzaHNvbWVoYXNoc29tZWhhc2g")]
    [InlineData("$argon2id$v=19$m=99999999,t=1,p=1$c29tZXNhbHRzb21lc2FsdA$c29tZWhhc2hzb21laGFzaHNvbWVoYXNoc29tZWhhc2g")]
    [InlineData("$argon2id$v=19$m=8192,t=0,p=1$c29tZXNhbHRzb21lc2FsdA$c29tZWhhc2hzb21laGFzaHNvbWVoYXNoc29tZWhhc2g")]
    [InlineData("$argon2id$v=19$m=8192,t=1,p=4$c29tZXNhbHRzb21lc2FsdA$c29tZWhhc2hzb21laGFzaHNvbWVoYXNoc29tZWhhc2g")]
    [InlineData("$argon2id$v=19$m=-1,t=1,p=1$c29tZXNhbHRzb21lc2FsdA$c29tZWhhc2hzb21laGFzaHNvbWVoYXNoc29tZWhhc2g")]
    [InlineData("$argon2id$v=19$m=8192,t=1,p=1$c29tZXNhbHQ$c29tZWhhc2hzb21laGFzaHNvbWVoYXNoc29tZWhhc2g")]
    [InlineData("$argon2id$v=19$m=8192,t=1,p=1$c29tZXNhbHRzb21lc2FsdA$!!!")]
    [InlineData("$argon2id$v=19$m=8192,t=1,p=1$c29tZXNhbHRzb21lc2FsdA==$c29tZWhhc2hzb21laGFzaHNvbWVoYXNoc29tZWhhc2g")]
    [InlineData("$argon2id$v=19$m=8192,t=1,p=1$c29tZXNhbHRz b21lc2FsdA$c29tZWhhc2hzb21laGFzaHNvbWVoYXNoc29tZWhhc2g")]
    [InlineData("$argon2id$v=19$m=8192,t=1,p=1$c29tZXNhbHRzb21lc2FsdA$c29tZWhhc2hzb21laGFzaHNvbWVoYXNoc29tZWhhc2g$extra")]
    public void Verify_MalformedHash_ReturnsFalseAndNeedsRehash(string encoded)
    {
        Assert.False(_hasher.Verify("password", encoded));
        Assert.True(_hasher.NeedsRehash(encoded));
    }

    [Fact]
    public void Verify_WellFormedForeignHash_ReturnsFalseWithoutThrowing()
    {
        const string encoded = "$argon2id$v=19$m=8192,t=1,p=1$c29tZXNhbHRzb21lc2FsdA$c29tZWhhc2hzb21laGFzaHNvbWVoYXNoc29tZWhhc2g";

        Assert.False(_hasher.Verify("password", encoded));
        Assert.False(_hasher.NeedsRehash(encoded));
    }

    [Fact]
    public void DummyVerify_AnyPassword_DoesNotThrow()
    {
        _hasher.DummyVerify("whatever");
        _hasher.DummyVerify(string.Empty);
    }
}
