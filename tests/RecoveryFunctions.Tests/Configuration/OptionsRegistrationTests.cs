using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using RecoveryFunctions.Core.Options;
using RecoveryFunctions.Hosting;
using RecoveryFunctions.Http;
using RecoveryFunctions.Infrastructure.Captcha.CaptchEtat;
using RecoveryFunctions.Infrastructure.Email;
using RecoveryFunctions.Infrastructure.Secrets;
using RecoveryFunctions.Infrastructure.Storage;
using RecoveryFunctions.TestSupport;

namespace RecoveryFunctions.Tests.Configuration;

/// <summary>
/// Wherever an options class lives (Core, an adapter, the function app), the app's one service graph validates it when
/// the host starts (<c>ValidateOnStart</c>) with the validator beside it, and no two classes bind the same key.
/// </summary>
public sealed class OptionsRegistrationTests
{
    public static TheoryData<Type> OptionsTypes() => [.. OptionsCatalog.Validated.Select(v => v.Options)];

    /// <summary>The catalog the other configuration tests derive their keys from sees every project's classes.</summary>
    [Fact]
    public void Catalog_EveryProject_Found()
    {
        var types = OptionsCatalog.Validated.Select(v => v.Options).ToList();

        Assert.Contains(typeof(EmailOptions), types);
        Assert.Contains(typeof(AcsEmailOptions), types);
        Assert.Contains(typeof(CaptchEtatOptions), types);
        Assert.Contains(typeof(SecretsOptions), types);
        Assert.Contains(typeof(StorageOptions), types);
        Assert.Contains(typeof(CleanupScheduleOptions), types);
        Assert.Contains(typeof(PoisonReplayScheduleOptions), types);
        Assert.Contains(typeof(ClientAddressOptions), types);
    }

    [Theory]
    [MemberData(nameof(OptionsTypes))]
    public void Start_OptionsClass_ValidatedByItsOwnValidator(Type options)
    {
        var recorder = (IValidationRecorder)Activator.CreateInstance(typeof(ValidationRecorder<>).MakeGenericType(options))!;
        var services = new ServiceCollection();
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(LocalSettingsSampleTests.SampleConfiguration()).Build();
        services.AddRecoveryServices(configuration, new TestHostEnvironment(Environments.Development));
        services.AddSingleton(typeof(IValidateOptions<>).MakeGenericType(options), recorder);
        using var provider = services.BuildServiceProvider();

        // What the generic host runs before it starts anything.
        provider.GetRequiredService<IStartupValidator>().Validate();

        Assert.True(recorder.Validated, $"{options.Name} is not validated at start (ValidateOnStart).");
        var own = OptionsCatalog.Validated.Single(v => v.Options == options).Validator;
        Assert.Contains(provider.GetServices(typeof(IValidateOptions<>).MakeGenericType(options)), v => v!.GetType() == own);
    }

    /// <summary>Two classes may share a section (Email: delivery policy, ACS, replay schedule), never a key.</summary>
    [Fact]
    public void Sections_SharedByTwoClasses_NoKeyBoundTwice()
    {
        var twice = OptionsCatalog.AllKeys().GroupBy(k => k, StringComparer.Ordinal).Where(g => g.Count() > 1).Select(g => g.Key).ToList();

        Assert.True(twice.Count == 0, $"Bound by two options classes: {string.Join(", ", twice)}");
        Assert.Contains("Email__Endpoint", OptionsCatalog.AllKeys());
        Assert.Contains("Email__MaxRequeues", OptionsCatalog.AllKeys());
        Assert.Contains("Email__PoisonReplaySchedule", OptionsCatalog.AllKeys());
    }

    private interface IValidationRecorder
    {
        bool Validated { get; }
    }

    private sealed class ValidationRecorder<T> : IValidateOptions<T>, IValidationRecorder
        where T : class
    {
        public bool Validated { get; private set; }

        public ValidateOptionsResult Validate(string? name, T options)
        {
            Validated = true;
            return ValidateOptionsResult.Skip;
        }
    }
}
