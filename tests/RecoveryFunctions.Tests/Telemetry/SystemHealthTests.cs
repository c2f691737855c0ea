using System.Net;
using System.Text;
using Azure.Core.Pipeline;
using Azure.Security.KeyVault.Secrets;
using Azure.Storage.Queues;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using RecoveryFunctions.Core.Telemetry;
using RecoveryFunctions.Infrastructure.Cache;
using RecoveryFunctions.Infrastructure.Health;
using RecoveryFunctions.Infrastructure.Secrets;
using RecoveryFunctions.Infrastructure.Storage;
using RecoveryFunctions.TestSupport;

namespace RecoveryFunctions.Tests.Telemetry;

/// <summary>The health reading: true about each dependency, and cheap whatever the probe rate.</summary>
public sealed class SystemHealthTests(ServiceGraphFixture graph) : IClassFixture<ServiceGraphFixture>
{
    [Fact]
    public async Task Check_ProbedRepeatedlyWithinCacheDuration_ReadsDependenciesOnce()
    {
        var health = Create(vault: null);
        var first = await health.CheckAsync();
        graph.StorageOperations.Clear();

        var again = await Task.WhenAll(Enumerable.Range(0, 20).Select(_ => health.CheckAsync()));
        Assert.Empty(graph.StorageOperations.Requests);
        Assert.All(again, r => Assert.Same(first, r));

        graph.Time.Advance(SystemHealth.CacheDuration);
        var later = await health.CheckAsync();
        Assert.NotSame(first, later);

        // One table point read, four queue property reads (two lanes, two poison queues), two peeks: seven per reading.
        Assert.Equal(7, graph.StorageOperations.Requests.Count);
    }

    [Fact]
    public async Task Check_MessagesWaitingAndPoisoned_CountsThemAndRecordsTheGauges()
    {
        var names = graph.Services.GetRequiredService<TableNames>();
        var queues = graph.Services.GetRequiredService<StorageClients>().Queues;
        var outbox = queues.GetQueueClient(names.EmailQueue);
        var poison = queues.GetQueueClient(names.EmailPoisonQueue);
        await outbox.ClearMessagesAsync();
        await poison.ClearMessagesAsync();
        await outbox.SendMessageAsync("{}");
        await poison.SendMessageAsync("{}");
        await poison.SendMessageAsync("{}");
        using var tally = new MeasurementTally(graph.Services);

        var report = await Create(vault: null).CheckAsync(fresh: true);

        Assert.Equal((1L, 2L), (report.OutboxDepth, report.PoisonCount));
        Assert.NotNull(report.OldestAge);
        Assert.Equal((SystemHealth.Ok, SystemHealth.NotConfigured, true), (report.Storage, report.KeyVault, report.Healthy));
        Assert.Equal(2, tally[RecoveryMetrics.OutboxPoisonCount]);
        Assert.Equal(1, tally[RecoveryMetrics.OutboxDepth]);
        await outbox.ClearMessagesAsync();
        await poison.ClearMessagesAsync();
    }

    [Fact]
    public async Task Check_VaultAnswers_KeyVaultOkWithoutReadingASecretValue()
    {
        var handler = new StubHttpMessageHandler(request => request.Headers.Authorization is null
            ? Challenge()
            : new HttpResponseMessage(HttpStatusCode.OK) { Content = new StringContent("""{"value":[],"nextLink":null}""", Encoding.UTF8, "application/json") });

        var report = await Create(Vault(handler)).CheckAsync(fresh: true);

        Assert.Equal((SystemHealth.Ok, true), (report.KeyVault, report.Healthy));
        var read = handler.Requests.Last();
        Assert.EndsWith("/secrets/token-hmac-current/versions", read.Uri.AbsolutePath, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Check_VaultUnreachable_KeyVaultUnavailableAndUnhealthy()
    {
        var handler = new StubHttpMessageHandler(_ => throw new HttpRequestException("Name or service not known"));

        var report = await Create(Vault(handler)).CheckAsync(fresh: true);

        Assert.Equal((SystemHealth.Unavailable, SystemHealth.Ok, false), (report.KeyVault, report.Storage, report.Healthy));
    }

    private SystemHealth Create(SecretClient? vault) => new(
        graph.Services.GetRequiredService<StorageClients>(),
        graph.Services.GetRequiredService<TableNames>(),
        Options.Create(vault is null ? new SecretsOptions() : new SecretsOptions { Source = SecretSourceKind.KeyVault, KeyVaultUri = vault.VaultUri }),
        graph.Services.GetRequiredService<RecoveryMetrics>(),
        graph.Time,
        graph.Services.GetRequiredService<ThrottleCache>(),
        graph.Services.GetRequiredService<IOptions<ThrottleStoreOptions>>(),
        vault);

    /// <summary>The Key Vault policy remembers challenges per host for the process, so each test has its own vault name.</summary>
    private static SecretClient Vault(HttpMessageHandler handler)
    {
        var options = new SecretClientOptions { Transport = new HttpClientTransport(handler) };
        options.Retry.MaxRetries = 0;
        return new SecretClient(new Uri($"https://kv-h-{Guid.NewGuid():N}"[..28] + ".vault.azure.net/"), new FakeTokenCredential("fake-access-token"), options);
    }

    private static HttpResponseMessage Challenge()
    {
        var response = new HttpResponseMessage(HttpStatusCode.Unauthorized) { Content = new StringContent("""{"error":{"code":"Unauthorized","message":"AKV10000"}}""", Encoding.UTF8, "application/json") };
        response.Headers.TryAddWithoutValidation("WWW-Authenticate", "Bearer authorization=\"https://login.microsoftonline.com/72f988bf-86f1-41af-91ab-2d7cd011db47\", resource=\"https://vault.azure.net\"");
        return response;
    }
}
