using RecoveryFunctions.TestSupport;

namespace RecoveryFunctions.Tests.EndToEnd;

/// <summary>A system of its own whose queue host retries quickly (host.json overridden as on Azure, by setting).</summary>
public sealed class EmailDeliveryFixture : LocalHostFixture
{
    protected override IReadOnlyDictionary<string, string?> Overrides => new Dictionary<string, string?>
    {
        ["Captcha:Mode"] = "AlwaysPass",
        ["AzureFunctionsJobHost:extensions:queues:visibilityTimeout"] = "00:00:00.500",
        ["AzureFunctionsJobHost:extensions:queues:maxPollingInterval"] = "00:00:00.250",
        ["Email:TransientRetryDelay"] = "00:00:00.200",
        ["Email:StatusCheckDelay"] = "00:00:00",
        ["LocalAcsEmail:NotStartedFor"] = "00:00:00",
        ["LocalAcsEmail:RunningFor"] = "00:00:00.500",
        ["LocalAcsEmail:StatusRetryAfter"] = "00:00:01",
    };
}

[CollectionDefinition(Name)]
public sealed class EmailDeliveryCollection : ICollectionFixture<EmailDeliveryFixture>
{
    public const string Name = "Email delivery";
}
