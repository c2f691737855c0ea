using System.Reflection;
using RecoveryFunctions.Core.Options;
using RecoveryFunctions.Hosting;
using RecoveryFunctions.Infrastructure.Storage;

namespace RecoveryFunctions.Tests.Configuration;

/// <summary>
/// Every options class of the app, wherever it lives (Core, Infrastructure, the function app): the type of each
/// <see cref="OptionsValidator{TOptions}"/>, since every class has its validator beside it. The tests that the sample,
/// the Bicep and docs/operations/settings.md name every setting derive their keys from here, so a class moved to
/// another project, or a new one, is never silently left out.
/// </summary>
internal static class OptionsCatalog
{
    /// <summary>The projects that own settings.</summary>
    public static readonly Assembly[] Assemblies =
    [
        typeof(RecoveryOptions).Assembly,
        typeof(StorageOptions).Assembly,
        typeof(RecoveryServiceCollectionExtensions).Assembly,
    ];

    /// <summary>
    /// Storage's keys, which mirror the Functions host's own connection (<see cref="StorageOptions"/> has no section of
    /// its own): the connection string or the account reached with the managed identity, then the <c>Storage</c> keys.
    /// </summary>
    public static readonly string[] StorageKeys =
    [
        "AzureWebJobsStorage",
        "AzureWebJobsStorage__accountName",
        "AzureWebJobsStorage__clientId",
        "Storage__TablePrefix",
        "Storage__EmailQueueName",
        "Storage__EmailNotificationQueueName",
        "Storage__Accounts__{name}",
    ];

    /// <summary>Each options class and its validator.</summary>
    public static IReadOnlyList<(Type Options, Type Validator)> Validated { get; } =
    [
        .. Assemblies.SelectMany(a => a.GetTypes())
            .Where(t => t is { IsAbstract: false, IsClass: true } && ValidatedType(t) is not null)
            .Select(t => (ValidatedType(t)!, t))
            .OrderBy(p => p.Item1.FullName, StringComparer.Ordinal),
    ];

    /// <summary>The classes bound to a section (<c>SectionName</c>), with that section as written in app settings (<c>Captcha__CaptchEtat</c>).</summary>
    public static IEnumerable<(Type Options, string Section)> Sectioned()
        => Validated.Select(v => v.Options)
            .Select(t => (Type: t, Field: t.GetField("SectionName", BindingFlags.Public | BindingFlags.Static)))
            .Where(t => t.Field is { IsLiteral: true })
            .Select(t => (t.Type, ((string)t.Field!.GetRawConstantValue()!).Replace(":", "__", StringComparison.Ordinal)));

    /// <summary>Every setting as written in app settings (<c>Email__Endpoint</c>), in order; a key bound by two classes would appear twice.</summary>
    public static IReadOnlyList<string> AllKeys()
        => [.. StorageKeys, .. Sectioned().SelectMany(s => Keys(s.Options, s.Section)).Order(StringComparer.Ordinal)];

    /// <summary>An app-settings key as configuration and the docs write it: <c>Captcha:CaptchEtat:Style</c>, an array without its index.</summary>
    public static string ConfigurationKey(string key)
        => (key.EndsWith("__0", StringComparison.Ordinal) ? key[..^3] : key).Replace("__", ":", StringComparison.Ordinal);

    /// <summary>Every setting with its default: a new instance's value (Storage's from <see cref="StorageOptions"/>).</summary>
    public static IEnumerable<Setting> Defaults()
        => Settings(typeof(StorageOptions), "Storage", new StorageOptions()).Where(s => StorageKeys.Contains(s.Key))
            .Concat(Sectioned().SelectMany(s => Settings(s.Options, s.Section, Activator.CreateInstance(s.Options))));

    /// <summary>
    /// Every bindable property's key; a nested options class (Captcha:ProofOfWork) is a sub-section, an array's first
    /// element <c>__0</c>, a list of options objects its first element's keys (<c>Throttling__SharedRanges__0__Cidr</c>).
    /// </summary>
    public static IEnumerable<string> Keys(Type type, string prefix) => Settings(type, prefix, instance: null).Select(s => s.Key);

    private static IEnumerable<Setting> Settings(Type type, string prefix, object? instance)
    {
        foreach (var property in type.GetProperties(BindingFlags.Public | BindingFlags.Instance).Where(p => p.CanWrite))
        {
            var key = $"{prefix}__{property.Name}";
            var value = instance is null ? null : property.GetValue(instance);
            if (property.PropertyType == typeof(Dictionary<string, string>))
            {
                yield return new Setting(key + "__{name}", property, null);
            }
            else if (property.PropertyType is { IsGenericType: true } list && list.GetGenericTypeDefinition() == typeof(List<>)
                && Assemblies.Contains(list.GetGenericArguments()[0].Assembly))
            {
                // A list of options objects (Throttling:SharedRanges): its first element's keys, with a new element's defaults.
                var element = list.GetGenericArguments()[0];
                foreach (var inner in Settings(element, key + "__0", instance is null ? null : Activator.CreateInstance(element)))
                {
                    yield return inner;
                }
            }
            else if (property.PropertyType.IsClass && Assemblies.Contains(property.PropertyType.Assembly))
            {
                foreach (var inner in Settings(property.PropertyType, key, value))
                {
                    yield return inner;
                }
            }
            else
            {
                yield return new Setting(property.PropertyType.IsArray ? key + "__0" : key, property, value);
            }
        }
    }

    private static Type? ValidatedType(Type type)
    {
        for (var t = type.BaseType; t is not null; t = t.BaseType)
        {
            if (t.IsGenericType && t.GetGenericTypeDefinition() == typeof(OptionsValidator<>))
            {
                return t.GetGenericArguments()[0];
            }
        }

        return null;
    }
}

/// <summary>One setting: its app-settings key, the property it binds and that property's default.</summary>
internal sealed record Setting(string Key, PropertyInfo Property, object? Default)
{
    public string ConfigurationKey => OptionsCatalog.ConfigurationKey(Key);
}
