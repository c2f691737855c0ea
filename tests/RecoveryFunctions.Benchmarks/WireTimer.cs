using System.Diagnostics;
using Azure.Core;
using Azure.Core.Pipeline;

namespace RecoveryFunctions.Benchmarks;

/// <summary>
/// The time storage clients spend on the wire for table operations: each attempt from just before the transport sends it
/// until its response is read, summed since the last <see cref="Take"/>. Beside the operation recorder (which times a call
/// around its whole pipeline), it tells the SDK's own work from the exchange with the storage service. Queue messages are
/// left out: the host's queue listeners poll through the same clients while a request runs.
/// </summary>
public sealed class WireTimer : HttpPipelinePolicy
{
    private readonly Lock _gate = new();
    private long _ticks;
    private long? _firstTicks;

    /// <summary>The time on the wire since the last call, and of it the first exchange's; starts counting afresh.</summary>
    public (TimeSpan Total, TimeSpan First) Take()
    {
        lock (_gate)
        {
            var taken = (Stopwatch.GetElapsedTime(0, _ticks), Stopwatch.GetElapsedTime(0, _firstTicks ?? 0));
            (_ticks, _firstTicks) = (0, null);
            return taken;
        }
    }

    private void Add(long ticks)
    {
        lock (_gate)
        {
            _ticks += ticks;
            _firstTicks ??= ticks;
        }
    }

    public override void Process(HttpMessage message, ReadOnlyMemory<HttpPipelinePolicy> pipeline)
    {
        if (IsQueueMessage(message))
        {
            ProcessNext(message, pipeline);
            return;
        }

        var started = Stopwatch.GetTimestamp();
        ProcessNext(message, pipeline);
        Add(Stopwatch.GetTimestamp() - started);
    }

    public override async ValueTask ProcessAsync(HttpMessage message, ReadOnlyMemory<HttpPipelinePolicy> pipeline)
    {
        if (IsQueueMessage(message))
        {
            await ProcessNextAsync(message, pipeline);
            return;
        }

        var started = Stopwatch.GetTimestamp();
        await ProcessNextAsync(message, pipeline);
        Add(Stopwatch.GetTimestamp() - started);
    }

    private static bool IsQueueMessage(HttpMessage message) => message.Request.Uri.Path.EndsWith("/messages", StringComparison.Ordinal) || message.Request.Uri.Path.Contains("/messages/", StringComparison.Ordinal);
}
