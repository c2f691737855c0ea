using RecoveryFunctions.Core.Secrets;

namespace RecoveryFunctions.Tests.Core;

/// <summary>In-memory secrets; values can be changed between calls to simulate a rotation.</summary>
internal sealed class FakeSecretSource : ISecretSource
{
    public Dictionary<string, string?> Values { get; } = new(StringComparer.Ordinal);

    public ValueTask<string?> GetSecretAsync(string name, CancellationToken cancellationToken = default) =>
        ValueTask.FromResult(Values.GetValueOrDefault(name));
}
