using RecoveryFunctions.Tests.Support;

namespace RecoveryFunctions.Tests.EndToEnd;

/// <summary>A system of its own whose queue host retries quickly (host.json overridden as on Azure, by setting).</summary>
public sealed class EmailDeliveryFixture : LocalHostFixture
{
    protected override IReadOnlyDictionary<string, string?> Overrides => new Dictionary<string, string?>
    {
        ["Captcha:Mode"] = "AlwaysPass",
        ["AzureFunctionsJobHost:extensions:queues:visibilityTimeout"] = "00:00:00.500",
        ["AzureFunctionsJobHost:extensions:queues:maxPollingInterval"] = "00:00:00.250",
    };
}

[CollectionDefinition(Name)]
public sealed class EmailDeliveryCollection : ICollectionFixture<EmailDeliveryFixture>
{
    public const string Name = "Email delivery";
}
