using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using RecoveryFunctions.Core.Accounts;
using RecoveryFunctions.Core.Errors;
using RecoveryFunctions.Core.Options;
using RecoveryFunctions.Core.Recovery;
using RecoveryFunctions.Core.Sessions;
using RecoveryFunctions.TestSupport;
using RecoveryFunctions.TestSupport.InMemory;

namespace RecoveryFunctions.Tests.Throttling;

/// <summary>
/// What a per-client limit counts (docs/security/shared-addresses.md), with limits of 3: a crowd succeeding from one
/// address spends nothing, one client's unproven requests and failures are still stopped at the limit, and a declared
/// shared range has its own limits.
/// </summary>
public sealed class SharedAddressTests(SharedAddressTests.SmallLimitsFixture graph) : IClassFixture<SharedAddressTests.SmallLimitsFixture>
{
    private const int Limit = 3;
    private const string WrongPassword = "Mauvais-Essai-0000";

    [Fact]
    public async Task Identify_TenHoldersProvingTheirMailboxFromOneAddress_NoneRefused()
    {
        var address = "192.0.2.202";
        for (var i = 0; i < 10; i++)
        {
            var email = await graph.CreateAccountAsync(AccountStatus.Active);
            var flow = await graph.Request<RecoveryIdentification>().IdentifyAsync(email, address);
            var code = (await graph.LastOutboxValuesAsync(email))["Code"];
            await graph.Request<MailboxVerification>().VerifyCodeAsync(flow.FlowId, code, "fr", address);
        }
    }

    /// <summary>A client that proves its own mailbox gets back only what that request cost: unproven ones still stop at 3.</summary>
    [Fact]
    public async Task Identify_OwnMailboxProvenBetweenUnknownAddresses_StillStoppedAtThreeUnproven()
    {
        var address = "192.0.2.203";
        var own = await graph.CreateAccountAsync(AccountStatus.Active);
        await Unknown(address);
        await Unknown(address);
        var flow = await graph.Request<RecoveryIdentification>().IdentifyAsync(own, address);
        await graph.Request<MailboxVerification>().VerifyCodeAsync(flow.FlowId, (await graph.LastOutboxValuesAsync(own))["Code"], "fr", address);
        await Unknown(address);

        var refused = await Assert.ThrowsAsync<DomainException>(() => Unknown(address));

        Assert.Equal(ProblemCode.RateLimited.Value, refused.Code);
    }

    [Fact]
    public async Task SignIn_TenHoldersFromOneAddress_AllSignedInThenThreeFailuresStopTheClient()
    {
        var address = "192.0.2.204";
        for (var i = 0; i < 10; i++)
        {
            var email = await graph.CreateAccountAsync(AccountStatus.Active);
            await graph.Request<SignInService>().SignInAsync(email, ServiceGraphFixture.AccountPassword, address);
        }

        for (var i = 0; i < Limit; i++)
        {
            var wrong = await Assert.ThrowsAsync<DomainException>(() => graph.Request<SignInService>().SignInAsync(Journeys.NewEmail("inconnu"), WrongPassword, address));
            Assert.Equal(ProblemCode.CredentialsInvalid.Value, wrong.Code);
        }

        var refused = await Assert.ThrowsAsync<DomainException>(() => graph.Request<SignInService>().SignInAsync(Journeys.NewEmail("inconnu"), WrongPassword, address));
        Assert.Equal(ProblemCode.RateLimited.Value, refused.Code);
    }

    [Fact]
    public async Task Identify_AddressInADeclaredSharedRange_ItsOwnLimitNotTheDefault()
    {
        var shared = "198.51.100.7";
        for (var i = 0; i < 5; i++)
        {
            await Unknown(shared);
        }

        var refused = await Assert.ThrowsAsync<DomainException>(() => Unknown(shared));

        Assert.Equal(ProblemCode.RateLimited.Value, refused.Code);
    }

    [Theory]
    [InlineData("198.51.100.0/33")]
    [InlineData("198.51.100.1/24")]
    [InlineData("198.51.100.0")]
    [InlineData("réseau France Services")]
    [InlineData("")]
    public void Validate_SharedRangeNotACidrRange_FailsNamingTheEntry(string cidr)
    {
        var options = new ThrottleOptions { SharedRanges = [new SharedRangeOptions { Cidr = "2001:db8:42::/48" }, new SharedRangeOptions { Cidr = cidr }] };

        var result = new ThrottleOptionsValidator().Validate(null, options);

        Assert.True(result.Failed);
        Assert.Contains("Throttling:SharedRanges:1:Cidr", result.FailureMessage, StringComparison.Ordinal);
        Assert.DoesNotContain("SharedRanges:0", result.FailureMessage, StringComparison.Ordinal);
    }

    [Fact]
    public void Validate_SharedRangeLimitOutOfBounds_FailsNamingIt()
    {
        var options = new ThrottleOptions { SharedRanges = [new SharedRangeOptions { Cidr = "198.51.100.0/24", SignInPerClientPerHour = 0 }] };

        var result = new ThrottleOptionsValidator().Validate(null, options);

        Assert.True(result.Failed);
        Assert.Contains("Throttling:SharedRanges:0:SignInPerClientPerHour", result.FailureMessage, StringComparison.Ordinal);
    }

    [Fact]
    public void Graph_SharedRangeSetting_BoundAndValid()
    {
        var options = graph.Services.GetRequiredService<IOptions<ThrottleOptions>>().Value;

        Assert.Equal(("198.51.100.0/24", 5), (options.SharedRanges.Single().Cidr, options.SharedRanges.Single().RecoveryPerIpPerHour));
    }

    private Task Unknown(string address) => graph.Request<RecoveryIdentification>().IdentifyAsync(Journeys.NewEmail("inconnu"), address);

    /// <summary>Per-client limits of 3, and 198.51.100.0/24 declared shared with 5 forgotten-password requests an hour.</summary>
    public sealed class SmallLimitsFixture : InMemoryServiceGraph
    {
        protected override IReadOnlyDictionary<string, string?> Overrides => new Dictionary<string, string?>
        {
            ["Throttling:RecoveryPerIpPerHour"] = "3",
            ["Throttling:SignInPerClientPerHour"] = "3",
            ["Throttling:CaptchasPerIpPerHour"] = "3",
            ["Throttling:SharedRanges:0:Cidr"] = "198.51.100.0/24",
            ["Throttling:SharedRanges:0:RecoveryPerIpPerHour"] = "5",
        };
    }
}
