using System.Collections.Concurrent;
using System.Text;
using System.Text.Json;
using System.Web;
using System.Xml.Linq;
using Azure.Core;
using Azure.Core.Pipeline;

namespace RecoveryFunctions.TestSupport;

/// <summary>
/// A pipeline policy that keeps, for each storage call, its query filter and the partition keys of the
/// rows the service sent back, so a test can prove which partitions a job actually read; and the text of every queue
/// message written, so a test sees each one even after a worker consumed it.
/// </summary>
public sealed class StorageRequestRecorder : HttpPipelinePolicy
{
    private readonly ConcurrentQueue<StorageRequest> _requests = new();

    public IReadOnlyCollection<StorageRequest> Requests => _requests;

    /// <summary>The text of every queue message written through the recorded clients (any queue, poison queues included).</summary>
    public IReadOnlyList<string> QueueMessagesWritten => _requests.Select(r => r.MessageText).OfType<string>().ToList();

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
        _requests.Enqueue(new StorageRequest(message.Request.Method.ToString(), resource, filter, isPointRead, ReturnedPartitions(message), QueueMessageText(message, segments)));
    }

    /// <summary>Put Message and Update Message carry <c>&lt;QueueMessage&gt;&lt;MessageText&gt;</c>: base64 here (the app's clients encode so).</summary>
    private static string? QueueMessageText(HttpMessage message, string[] segments)
    {
        if (segments.Length < 3 || segments[2] != "messages" || message.Request.Content is not { } content)
        {
            return null;
        }

        using var body = new MemoryStream();
        content.WriteTo(body, CancellationToken.None);
        body.Position = 0;
        var text = XDocument.Load(body).Root?.Element("MessageText")?.Value;
        return text is null ? null : Encoding.UTF8.GetString(Convert.FromBase64String(text));
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
