using RecoveryFunctions.TestSupport;

namespace RecoveryFunctions.Tests;

/// <summary>End-to-end tests share one running system (Azurite + host); each test uses its own addresses.</summary>
[CollectionDefinition(Name)]
public sealed class LocalHostCollection : ICollectionFixture<LocalHostFixture>
{
    public const string Name = "Local host";
}
