namespace RecoveryFunctions.Tests.Cleanup;

/// <summary>Tests that move the shared manual clock run one after another on one system.</summary>
[CollectionDefinition(Name)]
public sealed class CleanupCollection : ICollectionFixture<CleanupFixture>
{
    public const string Name = "Cleanup";
}
