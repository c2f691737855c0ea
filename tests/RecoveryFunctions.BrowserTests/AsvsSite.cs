using RecoveryFunctions.TestSupport;

namespace RecoveryFunctions.BrowserTests;

/// <summary>The site on the ASVS standards profile (docs/security/standards-profile.md): no security question, a factor after the mailbox.</summary>
public sealed class AsvsSiteFixture : SiteFixture
{
    protected override IReadOnlyDictionary<string, string?> ProfileSettings => StandardsProfiles.Asvs;
}

[CollectionDefinition(Name)]
public sealed class AsvsSiteCollection : ICollectionFixture<AsvsSiteFixture>
{
    public const string Name = "Site (Asvs)";
}
