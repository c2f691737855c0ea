namespace RecoveryFunctions.BrowserTests;

/// <summary>Browser tests share one running system and one Chromium; each test uses its own addresses and context.</summary>
[CollectionDefinition(Name)]
public sealed class SiteCollection : ICollectionFixture<SiteFixture>
{
    public const string Name = "Site";
}
