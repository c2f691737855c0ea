using Azure.Core;
using Azure.Core.Pipeline;

namespace RecoveryFunctions.Infrastructure.Storage;

/// <summary>
/// A pipeline policy to add to every storage client (registered in DI; none in production), per call (around retries:
/// an operation recorder) or before the transport (each attempt's exchange on the wire).
/// </summary>
public sealed record StoragePipelinePolicy(HttpPipelinePolicy Policy, HttpPipelinePosition Position = HttpPipelinePosition.PerCall);
