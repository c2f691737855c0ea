using System.Security.Cryptography;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using RecoveryFunctions.Core.Accounts;
using RecoveryFunctions.Core.Email;
using RecoveryFunctions.Core.Passwords;
using RecoveryFunctions.Core.Secrets;
using RecoveryFunctions.Core.Tokens;
using RecoveryFunctions.DevServices.Azurite;
using RecoveryFunctions.Hosting;
using RecoveryFunctions.Infrastructure.Secrets;
using RecoveryFunctions.Infrastructure.Storage;

namespace RecoveryFunctions.TestSupport;

/// <summary>
/// The app's real service graph over its own Azurite, with no HTTP host and no queue worker running:
/// storage operations seen by <see cref="StorageOperations"/> are exactly those of the code under test. Built with the
/// lifetime checks of Development; a step service comes from <see cref="Request{T}"/>, one DI scope per simulated request.
/// </summary>
public class ServiceGraphFixture : IServiceGraph, IAsyncLifetime
{
    private readonly RequestScopes _requests;

    private AzuriteProcess _azurite = null!;

    public ServiceGraphFixture() => _requests = new RequestScopes(() => Services);

    public ServiceProvider Services { get; private set; } = null!;

    public StorageRequestRecorder StorageOperations { get; } = new();

    /// <summary>Every Argon2id evaluation the graph makes (the app's hasher, wrapped).</summary>
    public CountingPasswordHasher Hashes { get; private set; } = null!;

    /// <summary>Reads of the HMAC key ring from the secret source (what the request's <see cref="RequestKeys"/> limits to one per request).</summary>
    public KeyRingReadCounter KeyRingReads { get; private set; } = null!;

    /// <summary>Every time a service asks its request's key provider for the HMAC key ring or codec.</summary>
    public KeyRingAskCounter KeyRingAsks { get; } = new();

    public ManualTimeProvider Time { get; } = new(new DateTimeOffset(2026, 11, 27, 9, 0, 0, TimeSpan.Zero));

    public string ConnectionString => _azurite.ConnectionString;

    /// <summary>Settings a derived fixture changes, e.g. small limits so that a limit test needs few requests.</summary>
    protected virtual IReadOnlyDictionary<string, string?> Overrides => new Dictionary<string, string?>();

    public virtual async Task InitializeAsync()
    {
        _azurite = await AzuriteProcess.StartAsync();
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(Settings(_azurite.ConnectionString)).AddInMemoryCollection(Overrides).Build();
        var services = new ServiceCollection();
        services.AddLogging(logging => logging.SetMinimumLevel(LogLevel.Warning));
        services.AddSingleton<TimeProvider>(Time);
        services.AddSingleton(new StoragePipelinePolicy(StorageOperations));
        services.AddSingleton<ISecretSource>(sp => KeyRingReads = new KeyRingReadCounter(SecretSourceFactory.Create(sp)));
        services.AddRecoveryServices(configuration, new TestHostEnvironment());
        services.AddScoped<ITokenKeyProvider>(sp => KeyRingAsks.Counting(ActivatorUtilities.CreateInstance<RequestKeys>(sp)));
        services.AddSingleton<Argon2idPasswordHasher>();
        services.AddSingleton<IPasswordHasher>(sp => Hashes = new CountingPasswordHasher(sp.GetRequiredService<Argon2idPasswordHasher>()));
        Services = services.BuildServiceProvider(RecoveryServiceCollectionExtensions.ValidatedLifetimes);
        _ = Services.GetRequiredService<IPasswordHasher>();
        foreach (var hosted in Services.GetServices<IHostedService>())
        {
            await hosted.StartAsync(CancellationToken.None);
        }
    }

    /// <summary>The settings every test graph starts from (small Argon2id cost, fixed front-end URLs, secrets in configuration).</summary>
    public static Dictionary<string, string?> Settings(string storageConnectionString) => new()
    {
        ["AzureWebJobsStorage"] = storageConnectionString,
        ["Storage:TablePrefix"] = "g" + Guid.NewGuid().ToString("N")[..12],
        ["Storage:EmailQueueName"] = "email-outbox",
        ["Recovery:FrontEndBaseUrl"] = "https://front.example.fr",
        ["Recovery:AssistanceUrl"] = "https://front.example.fr/assistance",
        ["Email:Endpoint"] = "http://127.0.0.1:9",
        ["Email:SenderAddress"] = "DoNotReply@example.fr",
        ["Secrets:Values:token-hmac-current"] = Convert.ToBase64String(new byte[32]),
        ["Secrets:Values:outbox-key-current"] = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)),
        ["Secrets:Values:acs-access-key"] = Convert.ToBase64String(new byte[32]),
        ["Password:Argon2MemoryKiB"] = "8192",
        ["Password:Argon2Iterations"] = "1",
        ["Assistance:MetadataAddress"] = "https://login.microsoftonline.com/00000000-0000-0000-0000-000000000000/v2.0/.well-known/openid-configuration",
        ["Assistance:Audience"] = "api://recovery-tests",
    };

    /// <inheritdoc cref="RequestScopes.Request{T}"/>
    public T Request<T>()
        where T : notnull
        => _requests.Request<T>();

    public const string AccountPassword = "Cerisier-Bleu-4821";
    public const string AccountAnswer = "dupont";

    /// <summary>
    /// Stores an account directly (password <see cref="AccountPassword"/>, answer <see cref="AccountAnswer"/>, both
    /// fingerprinted as registration does unless <paramref name="fingerprinted"/> is false) and returns its email.
    /// </summary>
    public Task<string> CreateAccountAsync(AccountStatus status, DateTimeOffset? recoveryLockedUntil = null, DateTimeOffset? signInLockedUntil = null, bool fingerprinted = true)
        => GraphAccounts.CreateAsync(Services, Time.GetUtcNow(), status, recoveryLockedUntil, signInLockedUntil, fingerprinted);

    IServiceProvider IServiceGraph.Services => Services;

    T IServiceGraph.Request<T>() => Request<T>();

    IReadOnlyCollection<StorageRequest> IServiceGraph.Operations => StorageOperations.Requests;

    void IServiceGraph.ClearOperations() => StorageOperations.Clear();

    Task<List<OutboxEmail>> IServiceGraph.DrainOutboxAsync() => this.DrainOutboxAsync();

    public virtual async Task DisposeAsync()
    {
        await _requests.DisposeAsync();
        await Services.DisposeAsync();
        await _azurite.DisposeAsync();
    }
}
