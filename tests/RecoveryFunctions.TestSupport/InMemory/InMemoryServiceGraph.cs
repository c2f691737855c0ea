using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using RecoveryFunctions.Core.Accounts;
using RecoveryFunctions.Core.Assistance.Requests;
using RecoveryFunctions.Core.Audit;
using RecoveryFunctions.Core.Cleanup;
using RecoveryFunctions.Core.Email;
using RecoveryFunctions.Core.Passkeys;
using RecoveryFunctions.Core.Passwords;
using RecoveryFunctions.Core.Recovery;
using RecoveryFunctions.Core.Secrets;
using RecoveryFunctions.Core.Telemetry;
using RecoveryFunctions.Core.Throttling;
using RecoveryFunctions.Core.Tokens;
using RecoveryFunctions.Hosting;
using RecoveryFunctions.Infrastructure.Secrets;

namespace RecoveryFunctions.TestSupport.InMemory;

/// <summary>
/// The app's real service graph (<see cref="RecoveryServiceCollectionExtensions.AddRecoveryServices"/>, the same settings
/// as <see cref="ServiceGraphFixture"/>) with every storage and queue port on its in-memory adapter, on a manual clock:
/// no Azurite, no process, no socket. For use-case tests of the Core services; what the Table and queue adapters do on
/// the real SDK is proved by the contract suites (each run on both) and by the end-to-end layer.
/// </summary>
public class InMemoryServiceGraph : IServiceGraph, IAsyncLifetime
{
    public ServiceProvider Services { get; private set; } = null!;

    public InMemoryStorage Storage { get; } = new();

    public InMemoryEmailOutbox Outbox { get; private set; } = null!;

    public CountingPasswordHasher Hashes { get; private set; } = null!;

    public KeyRingReadCounter KeyRingReads { get; private set; } = null!;

    public KeyRingAskCounter KeyRingAsks { get; } = new();

    public ManualTimeProvider Time { get; } = new(new DateTimeOffset(2026, 11, 27, 9, 0, 0, TimeSpan.Zero));

    IServiceProvider IServiceGraph.Services => Services;

    private RequestScopes? _requests;

    /// <inheritdoc cref="RequestScopes.Request{T}"/>
    public T Request<T>()
        where T : notnull
        => (_requests ??= new RequestScopes(() => Services)).Request<T>();

    public IReadOnlyCollection<StorageRequest> Operations => Storage.Operations;

    /// <summary>Settings a derived fixture changes, e.g. small limits so that a limit test needs few requests.</summary>
    protected virtual IReadOnlyDictionary<string, string?> Overrides => new Dictionary<string, string?>();

    public Task InitializeAsync()
    {
        Outbox = new InMemoryEmailOutbox(Time);

        // No storage is ever reached: every adapter that would is replaced below, and no hosted service is started.
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(ServiceGraphFixture.Settings("UseDevelopmentStorage=true")).AddInMemoryCollection(Overrides).Build();
        var services = new ServiceCollection();
        services.AddLogging(logging => logging.SetMinimumLevel(LogLevel.Warning));
        services.AddSingleton<TimeProvider>(Time);
        services.AddSingleton<ISecretSource>(sp => KeyRingReads = new KeyRingReadCounter(SecretSourceFactory.Create(sp)));
        services.AddRecoveryServices(configuration, new TestHostEnvironment());
        services.AddScoped<ITokenKeyProvider>(sp => KeyRingAsks.Counting(ActivatorUtilities.CreateInstance<RequestKeys>(sp)));
        services.AddSingleton<Argon2idPasswordHasher>();
        services.AddSingleton<IPasswordHasher>(sp => Hashes = new CountingPasswordHasher(sp.GetRequiredService<Argon2idPasswordHasher>()));
        AddInMemoryAdapters(services);
        Services = services.BuildServiceProvider(RecoveryServiceCollectionExtensions.ValidatedLifetimes);
        _ = Services.GetRequiredService<IPasswordHasher>();
        return Task.CompletedTask;
    }

    /// <summary>Every storage and queue port on its in-memory adapter over <see cref="Storage"/> and <see cref="Outbox"/>.</summary>
    public void AddInMemoryAdapters(IServiceCollection services)
    {
        ArgumentNullException.ThrowIfNull(services);
        services.Replace(ServiceDescriptor.Singleton<IAccountStore>(new InMemoryAccountStore(Storage)));
        services.Replace(ServiceDescriptor.Singleton<ITokenStore>(new InMemoryTokenStore(Storage)));
        services.Replace(ServiceDescriptor.Singleton<IRecoveryFlowStore>(new InMemoryRecoveryFlowStore(Storage)));
        services.Replace(ServiceDescriptor.Singleton<IThrottleStore>(sp => new InMemoryThrottleStore(Storage, sp.GetRequiredService<TimeProvider>(), sp.GetRequiredService<RecoveryMetrics>())));
        services.Replace(ServiceDescriptor.Singleton<IEmailOutbox>(Outbox));
        services.Replace(ServiceDescriptor.Singleton<IPendingAccountIndex>(new InMemoryPendingAccountIndex(Storage)));
        services.Replace(ServiceDescriptor.Singleton<IExpiredRowSweeper>(new InMemoryExpiredRowSweeper(Storage)));
        services.Replace(ServiceDescriptor.Singleton<IAuditLog>(new InMemoryAuditLog(Storage)));
        services.Replace(ServiceDescriptor.Singleton<IAssistanceRequestStore>(new InMemoryAssistanceRequestStore(Storage)));
        services.Replace(ServiceDescriptor.Singleton<IPasskeyIndex>(new InMemoryPasskeyIndex(Storage)));
        services.Replace(ServiceDescriptor.Singleton<RecoveryFunctions.Core.FranceConnect.IFranceConnectBindingStore>(new InMemoryFranceConnectBindingStore(Storage)));
    }

    public void ClearOperations() => Storage.ClearOperations();

    /// <inheritdoc cref="ServiceGraphFixture.CreateAccountAsync"/>
    public Task<string> CreateAccountAsync(AccountStatus status, DateTimeOffset? recoveryLockedUntil = null, DateTimeOffset? signInLockedUntil = null, bool fingerprinted = true)
        => GraphAccounts.CreateAsync(Services, Time.GetUtcNow(), status, recoveryLockedUntil, signInLockedUntil, fingerprinted);

    /// <summary>Takes every message visible on both outbox lanes (time-critical first), each seen once.</summary>
    public Task<List<OutboxEmail>> DrainOutboxAsync() => Task.FromResult(Outbox.Drain());

    /// <summary>The values of the last message queued for <paramref name="email"/>.</summary>
    public async Task<IReadOnlyDictionary<string, string>> LastOutboxValuesAsync(string email)
        => (await DrainOutboxAsync()).Last(m => m.To == email).Values;

    public async Task DisposeAsync()
    {
        if (_requests is not null)
        {
            await _requests.DisposeAsync();
        }

        await Services.DisposeAsync();
    }
}
