using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using RecoveryFunctions.Core.Errors;
using RecoveryFunctions.Core.Options;
using RecoveryFunctions.Core.Recovery;
using RecoveryFunctions.Core.Sessions;
using RecoveryFunctions.TestSupport.InMemory;

namespace RecoveryFunctions.Tests.Throttling;

/// <summary>The per-client limits of identify and sign-in, reached with small overridden values: the rule, not the figure.</summary>
public sealed class PerClientLimitTests(PerClientLimitTests.SmallLimitsFixture graph) : IClassFixture<PerClientLimitTests.SmallLimitsFixture>
{
    private const string WrongPassword = "Mauvais-Essai-0000";

    private ThrottleOptions Limits => graph.Services.GetRequiredService<IOptions<ThrottleOptions>>().Value;

    [Fact]
    public async Task Identify_OneOverThePerIpLimit_RateLimited()
    {
        for (var i = 0; i < Limits.RecoveryPerIpPerHour; i++)
        {
            await graph.Request<RecoveryIdentification>().IdentifyAsync($"ip.{i}.{Guid.NewGuid():N}@example.fr", "192.0.2.77");
        }

        var refused = await Assert.ThrowsAsync<DomainException>(
            () => graph.Request<RecoveryIdentification>().IdentifyAsync($"ip.last.{Guid.NewGuid():N}@example.fr", "192.0.2.77"));
        Assert.Equal("rate-limited", refused.Code);
        Assert.True(refused.RetryAfter > TimeSpan.Zero);
    }

    [Fact]
    public async Task SignIn_AddressesOfOneIPv6Network_ShareTheClientLimit()
    {
        for (var i = 0; i < Limits.SignInPerClientPerHour; i++)
        {
            await Assert.ThrowsAsync<DomainException>(() => graph.Request<SignInService>().SignInAsync($"reseau.{i}.{Guid.NewGuid():N}@example.fr", WrongPassword, $"2001:db8:9:9::{i + 1:x}"));
        }

        var refused = await Assert.ThrowsAsync<DomainException>(() => graph.Request<SignInService>().SignInAsync($"reseau.{Guid.NewGuid():N}@example.fr", WrongPassword, "2001:db8:9:9:ffff::1"));
        graph.Hashes.Reset();
        await Assert.ThrowsAsync<DomainException>(() => graph.Request<SignInService>().SignInAsync($"reseau.{Guid.NewGuid():N}@example.fr", WrongPassword, "2001:db8:9:9:ffff::2"));

        Assert.Equal(ProblemCode.RateLimited.Value, refused.Code);
        Assert.True(refused.RetryAfter > TimeSpan.Zero);
        Assert.Equal(0, graph.Hashes.Evaluations);
    }

    /// <summary>The service graph with per-client limits of 3 (30 and 60 by default).</summary>
    public sealed class SmallLimitsFixture : InMemoryServiceGraph
    {
        protected override IReadOnlyDictionary<string, string?> Overrides => new Dictionary<string, string?>
        {
            ["Throttling:RecoveryPerIpPerHour"] = "3",
            ["Throttling:SignInPerClientPerHour"] = "3",
        };
    }
}
