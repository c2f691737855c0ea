namespace RecoveryFunctions.TestSupport.InMemory;

/// <summary>The in-memory service graph under the ASVS standards profile (docs/security/standards-profile.md).</summary>
public sealed class AsvsServiceGraph : InMemoryServiceGraph
{
    protected override IReadOnlyDictionary<string, string?> Overrides => StandardsProfiles.Asvs;
}
