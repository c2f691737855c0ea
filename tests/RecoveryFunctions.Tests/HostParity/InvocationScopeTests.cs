using System.Security.Cryptography;
using System.Threading.Channels;
using Azure.Storage.Queues.Models;
using Microsoft.AspNetCore.Http;
using Microsoft.Azure.Functions.Worker;
using Microsoft.Extensions.DependencyInjection;
using RecoveryFunctions.Core.Secrets;
using RecoveryFunctions.Core.Tokens;
using RecoveryFunctions.Infrastructure.Secrets;
using RecoveryFunctions.Infrastructure.Storage;
using RecoveryFunctions.TestSupport;

namespace RecoveryFunctions.Tests.HostParity;

/// <summary>
/// One DI scope per invocation on every trigger the local host serves, as the worker's
/// <c>FunctionContext.InstanceServices</c>: an invocation reads the token key ring once and keeps it when the secret
/// rotates mid-invocation; the next invocation has a scope of its own, reads again and sees the rotation. Each
/// invocation of the probe functions rotates the secret between its two asks.
/// </summary>
public sealed class InvocationScopeTests(InvocationScopeTests.ProbeFixture host) : IClassFixture<InvocationScopeTests.ProbeFixture>
{
    [Fact]
    public async Task HttpTrigger_TwoRequests_TwoScopesEachWithOneRing()
    {
        using var client = new HttpClient(new SocketsHttpHandler()) { BaseAddress = host.Host.BaseAddress };

        await AssertOneScopePerInvocationAsync(async () => (await client.PostAsync("/api/" + ProbeFunctions.HttpRoute, null)).EnsureSuccessStatusCode());
    }

    [Fact]
    public async Task QueueTrigger_TwoMessages_TwoScopesEachWithOneRing()
    {
        // The listener the host substitute runs against Azurite, not the admin shortcut.
        var queue = host.Host.Services.GetRequiredService<StorageClients>().Queues.GetQueueClient(ProbeFunctions.QueueName);
        await queue.CreateIfNotExistsAsync();

        await AssertOneScopePerInvocationAsync(() => queue.SendMessageAsync("probe"));
    }

    [Fact]
    public async Task TimerTrigger_TwoRuns_TwoScopesEachWithOneRing()
        => await AssertOneScopePerInvocationAsync(() => AdminRunAsync(nameof(ProbeFunctions.ScopeProbeTimer)));

    [Fact]
    public async Task AdminQueueRun_TwoRuns_TwoScopesEachWithOneRing()
        => await AssertOneScopePerInvocationAsync(() => AdminRunAsync(nameof(ProbeFunctions.ScopeProbeQueue)));

    private async Task AssertOneScopePerInvocationAsync(Func<Task> invoke)
    {
        var first = await host.Probe.InvokeAsync(invoke);
        var second = await host.Probe.InvokeAsync(invoke);

        Assert.NotSame(first.Keys, second.Keys);
        foreach (var seen in (Observation[])[first, second])
        {
            Assert.Same(seen.Keys, seen.KeysInScope);
            Assert.Equal(1, seen.Reads);
            Assert.Same(seen.Before, seen.After);
            Assert.Same(seen.Before, seen.CodecRing);
            Assert.Equal(HashUnder(seen.KeyAtStart), seen.Before.Hash(Probe));
        }

        // The rotation made during the first invocation is what the second one reads.
        Assert.Equal(HashUnder(first.KeyAtEnd), second.Before.Hash(Probe));
        Assert.NotEqual(first.Before.Hash(Probe), second.Before.Hash(Probe));
    }

    private async Task AdminRunAsync(string function)
    {
        using var response = await host.Client.PostJsonAsync($"/admin/functions/{function}", new { input = "probe" });
        response.EnsureSuccessStatusCode();
    }

    private const string Probe = "probe";

    private static string HashUnder(string key) => new TokenKeyRing(Convert.FromBase64String(key), null).Hash(Probe);

    /// <summary>What one invocation saw: its key provider (and its scope's), the secret before and after its rotation, its rings and reads.</summary>
    public sealed record Observation(ITokenKeyProvider Keys, ITokenKeyProvider KeysInScope, string KeyAtStart, string KeyAtEnd, TokenKeyRing Before, TokenKeyRing After, TokenKeyRing CodecRing, int Reads);

    /// <summary>The token key the probe's secret source serves, rotated by every probe invocation, and what each saw.</summary>
    public sealed class ScopeProbe
    {
        private readonly Channel<Observation> _seen = Channel.CreateUnbounded<Observation>();

        public string CurrentKey { get; private set; } = NewKey();

        /// <summary>Reads of the current token key from the host's secret source.</summary>
        public KeyRingReadCounter Reads { get; set; } = null!;

        /// <summary>Runs in an invocation: asks, rotates the secret, asks again.</summary>
        public async Task ObserveAsync(ITokenKeyProvider keys, IServiceProvider scope)
        {
            var (keyAtStart, readsAtStart) = (CurrentKey, Reads.Reads);
            var before = await keys.GetKeyRingAsync();
            CurrentKey = NewKey();
            var after = await keys.GetKeyRingAsync();
            var codec = await keys.GetCodecAsync();
            _seen.Writer.TryWrite(new Observation(keys, scope.GetRequiredService<ITokenKeyProvider>(), keyAtStart, CurrentKey, before, after, codec.Ring, Reads.Reads - readsAtStart));
        }

        /// <summary>Triggers one invocation and waits for what it saw.</summary>
        public async Task<Observation> InvokeAsync(Func<Task> invoke)
        {
            ArgumentNullException.ThrowIfNull(invoke);
            await invoke();
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
            return await _seen.Reader.ReadAsync(timeout.Token);
        }

        private static string NewKey() => Convert.ToBase64String(RandomNumberGenerator.GetBytes(32));
    }

    /// <summary>Test-only functions, one per trigger kind, served by the local host beside the app's own.</summary>
    public sealed class ProbeFunctions(ITokenKeyProvider keys, IServiceProvider scope, ScopeProbe probe)
    {
        public const string HttpRoute = "test/scope-probe";
        public const string QueueName = "scope-probe";

        [Function(nameof(ScopeProbeHttp))]
        public async Task<IResult> ScopeProbeHttp([HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = HttpRoute)] HttpRequest request)
        {
            await probe.ObserveAsync(keys, scope);
            return Results.NoContent();
        }

        [Function(nameof(ScopeProbeQueue))]
        public Task ScopeProbeQueue([QueueTrigger(QueueName, Connection = "AzureWebJobsStorage")] QueueMessage message)
            => probe.ObserveAsync(keys, scope);

        /// <summary>Yearly: it runs when the test asks the admin endpoint, which calls what the scheduler calls.</summary>
        [Function(nameof(ScopeProbeTimer))]
        public Task ScopeProbeTimer([TimerTrigger("0 0 0 1 1 *")] TimerInfo timer)
            => probe.ObserveAsync(keys, scope);
    }

    /// <summary>The local host with the probe functions, the probe's token key, and the app's own queue and timer triggers off.</summary>
    public sealed class ProbeFixture : LocalHostFixture
    {
        public ScopeProbe Probe { get; } = new();

        protected override IReadOnlyList<Type> AdditionalFunctionClasses => [typeof(ProbeFunctions)];

        /// <summary>Nothing but the probe reads the token key while a test runs.</summary>
        protected override IReadOnlyDictionary<string, string?> Overrides => base.Overrides.Concat(BackgroundTriggersOff).ToDictionary();

        protected override void ConfigureServices(IServiceCollection services)
        {
            services.AddSingleton(Probe);
            services.AddSingleton<ISecretSource>(sp =>
            {
                var configured = SecretSourceFactory.Create(sp);
                return Probe.Reads = new KeyRingReadCounter(new ScriptedSecretSource(name =>
                    name == SecretNames.TokenKeyCurrent ? ValueTask.FromResult<string?>(Probe.CurrentKey) : configured.GetSecretAsync(name)));
            });
        }
    }
}
