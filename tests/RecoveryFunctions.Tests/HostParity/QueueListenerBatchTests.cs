using System.Collections.Concurrent;
using Azure.Storage.Queues.Models;
using Microsoft.Azure.Functions.Worker;
using Microsoft.Extensions.DependencyInjection;
using RecoveryFunctions.Infrastructure.Storage;
using RecoveryFunctions.TestSupport;

namespace RecoveryFunctions.Tests.HostParity;

/// <summary>
/// The host's queue listener fetches the next batch once the messages still running are down to newBatchThreshold, not
/// when the whole batch has ended: a message that takes long (an email whose status is read after ACS's retry-after)
/// holds up no other while the threshold leaves room, and holds them up when it does not.
/// </summary>
public sealed class QueueListenerBatchTests
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(30);

    public sealed class DefaultThreshold(DefaultThreshold.Fixture host) : IClassFixture<DefaultThreshold.Fixture>
    {
        [Fact]
        public async Task SlowMessageRunning_LaterMessagesStillRun()
        {
            var slow = await host.Probe.SendSlowAsync(host);
            var fast = await host.Probe.SendAsync(host, "fast");

            // The later message runs and ends while the slow one is still held.
            await host.Probe.Ended(fast).WaitAsync(Patience);
            Assert.False(host.Probe.Ended(slow).IsCompleted);

            host.Probe.Release();
            await host.Probe.Ended(slow).WaitAsync(Patience);
        }

        public sealed class Fixture : ProbeFixture;
    }

    public sealed class NoThreshold(NoThreshold.Fixture host) : IClassFixture<NoThreshold.Fixture>
    {
        [Fact]
        public async Task SlowMessageRunning_NextBatchWaitsForIt()
        {
            var slow = await host.Probe.SendSlowAsync(host);
            var fast = await host.Probe.SendAsync(host, "fast");

            // newBatchThreshold 0: nothing is fetched while a message runs.
            await Task.Delay(TimeSpan.FromSeconds(2));
            Assert.False(host.Probe.Started(fast).IsCompleted);

            host.Probe.Release();
            await host.Probe.Ended(fast).WaitAsync(Patience);
        }

        public sealed class Fixture : ProbeFixture
        {
            protected override IReadOnlyDictionary<string, string?> Overrides => new Dictionary<string, string?>(base.Overrides)
            {
                ["AzureFunctionsJobHost:extensions:queues:newBatchThreshold"] = "0",
            };
        }
    }

    /// <summary>Which probe messages started and ended; a "slow" one waits for <see cref="Release"/>.</summary>
    public sealed class BatchProbe
    {
        private readonly ConcurrentDictionary<string, TaskCompletionSource> _started = new(StringComparer.Ordinal);
        private readonly ConcurrentDictionary<string, TaskCompletionSource> _ended = new(StringComparer.Ordinal);
        private readonly TaskCompletionSource _release = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public Task Started(string name) => Signal(_started, name).Task;

        public Task Ended(string name) => Signal(_ended, name).Task;

        public void Release() => _release.TrySetResult();

        public async Task RunAsync(string name)
        {
            Signal(_started, name).TrySetResult();
            if (name.StartsWith("slow", StringComparison.Ordinal))
            {
                await _release.Task.WaitAsync(Patience);
            }

            Signal(_ended, name).TrySetResult();
        }

        /// <summary>Sends a slow message and waits until it runs, so the later ones come in another batch.</summary>
        public async Task<string> SendSlowAsync(LocalHostFixture host)
        {
            var slow = await SendAsync(host, "slow");
            await Started(slow).WaitAsync(Patience);
            return slow;
        }

        public async Task<string> SendAsync(LocalHostFixture host, string kind)
        {
            var name = kind + "-" + Guid.NewGuid().ToString("N");
            var queue = host.Host.Services.GetRequiredService<StorageClients>().Queues.GetQueueClient(ProbeFunctions.QueueName);
            await queue.CreateIfNotExistsAsync();
            await queue.SendMessageAsync(name);
            return name;
        }

        private static TaskCompletionSource Signal(ConcurrentDictionary<string, TaskCompletionSource> signals, string name)
            => signals.GetOrAdd(name, _ => new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously));
    }

    /// <summary>A test-only queue function served by the local host's listener against Azurite.</summary>
    public sealed class ProbeFunctions(BatchProbe probe)
    {
        public const string QueueName = "batch-probe";

        [Function(nameof(BatchProbeQueue))]
        public Task BatchProbeQueue([QueueTrigger(QueueName, Connection = "AzureWebJobsStorage")] QueueMessage message)
            => probe.RunAsync(message.Body.ToString());
    }

    /// <summary>The local host with the probe function and the app's own queue and timer triggers off.</summary>
    public abstract class ProbeFixture : LocalHostFixture
    {
        public BatchProbe Probe { get; } = new();

        protected override IReadOnlyList<Type> AdditionalFunctionClasses => [typeof(ProbeFunctions)];

        protected override IReadOnlyDictionary<string, string?> Overrides => base.Overrides.Concat(BackgroundTriggersOff).ToDictionary();

        protected override void ConfigureServices(IServiceCollection services) => services.AddSingleton(Probe);
    }
}
