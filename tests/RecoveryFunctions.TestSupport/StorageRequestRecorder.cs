using System.Collections.Concurrent;
using System.Text.Json;
using System.Web;
using Azure.Core;
using Azure.Core.Pipeline;

namespace RecoveryFunctions.TestSupport;

/// <summary>
/// A pipeline policy that keeps, for each storage call, its query filter and the partition keys of the
/// rows the service sent back, so a test can prove which partitions a job actually read.
/// </summary>
public sealed class StorageRequestRecorder : HttpPipelinePolicy
{
    private readonly ConcurrentQueue<StorageRequest> _requests = new();

    public IReadOnlyCollection<StorageRequest> Requests => _requests;

    public void Clear() => _requests.Clear();

    public override void Process(HttpMessage message, ReadOnlyMemory<HttpPipelinePolicy> pipeline)
    {
        ProcessNext(message, pipeline);
        Record(message);
    }

    public override async ValueTask ProcessAsync(HttpMessage message, ReadOnlyMemory<HttpPipelinePolicy> pipeline)
    {
        await ProcessNextAsync(message, pipeline);
        Record(message);
    }

    private void Record(HttpMessage message)
    {
        var uri = message.Request.Uri.ToUri();
        var segments = uri.AbsolutePath.Trim('/').Split('/');
        var resourceSegment = segments.Length > 1 ? Uri.UnescapeDataString(segments[1]) : "";
        var resource = resourceSegment.Split('(')[0];
        var isPointRead = resourceSegment.Contains("PartitionKey=", StringComparison.Ordinal);
        var filter = HttpUtility.ParseQueryString(uri.Query)["$filter"];
        _requests.Enqueue(new StorageRequest(message.Request.Method.ToString(), resource, filter, isPointRead, ReturnedPartitions(message)));
    }

    private static List<string> ReturnedPartitions(HttpMessage message)
    {
        if (message.Request.Method != RequestMethod.Get || !message.HasResponse || message.Response.Status != 200
            || message.Response.Headers.ContentType?.Contains("json", StringComparison.OrdinalIgnoreCase) != true)
        {
            return [];
        }

        using var document = JsonDocument.Parse(message.Response.Content.ToMemory());
        var rows = document.RootElement.TryGetProperty("value", out var value) && value.ValueKind == JsonValueKind.Array
            ? value.EnumerateArray().ToList()
            : [document.RootElement];
        return rows.Where(r => r.ValueKind == JsonValueKind.Object && r.TryGetProperty("PartitionKey", out _))
            .Select(r => r.GetProperty("PartitionKey").GetString() ?? "")
            .ToList();
    }
}
