using Azure.Core.Pipeline;

namespace RecoveryFunctions.Infrastructure.Storage;

/// <summary>A pipeline policy to add to every storage client (registered in DI; none in production).</summary>
public sealed record StoragePipelinePolicy(HttpPipelinePolicy Policy);
