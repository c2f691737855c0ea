using RecoveryFunctions.TestSupport;

namespace RecoveryFunctions.Tests.Contracts;

/// <summary>
/// The Table Storage side of every contract suite: one Azurite and one real service graph for all of them, one class
/// after another (the in-memory side needs no such sharing: each class has its own graph, in memory).
/// </summary>
[CollectionDefinition(Name)]
public sealed class TableContractsCollection : ICollectionFixture<ServiceGraphFixture>
{
    public const string Name = "Table Storage contracts";
}
