using System.Collections.Concurrent;
using Azure.Core;
using Azure.Core.Pipeline;

namespace RecoveryFunctions.Tests.Support;

/// <summary>
/// An Azure.Core pipeline policy on the real storage clients that records each operation
/// ("GET table", "POST queue"…) so tests can compare the work done on different paths.
/// </summary>
public sealed class StorageOperationCounter : HttpPipelinePolicy
{
    private readonly ConcurrentQueue<string> _operations = new();

    public IReadOnlyCollection<string> Operations => _operations;

    public void Clear() => _operations.Clear();

    public override void Process(HttpMessage message, ReadOnlyMemory<HttpPipelinePolicy> pipeline)
    {
        Record(message);
        ProcessNext(message, pipeline);
    }

    public override ValueTask ProcessAsync(HttpMessage message, ReadOnlyMemory<HttpPipelinePolicy> pipeline)
    {
        Record(message);
        return ProcessNextAsync(message, pipeline);
    }

    private void Record(HttpMessage message)
    {
        var uri = message.Request.Uri.ToUri();
        var segments = uri.AbsolutePath.Trim('/').Split('/');
        var resource = segments.Length > 1 ? segments[1].Split('(')[0] : "";
        _operations.Enqueue($"{message.Request.Method} {resource}");
    }
}
