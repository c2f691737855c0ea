using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using System.Text;
using System.Text.RegularExpressions;
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
public sealed partial class StorageRequestRecorder : HttpPipelinePolicy
{
    private readonly ConcurrentQueue<StorageRequest> _requests = new();

    public IReadOnlyCollection<StorageRequest> Requests => _requests;

    /// <summary>The text of every queue message written through the recorded clients (any queue, poison queues included).</summary>
    public IReadOnlyList<string> QueueMessagesWritten => _requests.Select(r => r.MessageText).OfType<string>().ToList();

    /// <summary>What the recorder's own parsing has cost the recorded calls so far (it runs inside each call, on its caller's path).</summary>
    public TimeSpan RecordingTime => TimeSpan.FromTicks(_requests.Sum(r => r.RecordingTime.Ticks));

    public void Clear() => _requests.Clear();

    public override void Process(HttpMessage message, ReadOnlyMemory<HttpPipelinePolicy> pipeline)
    {
        var startedAt = TimeProvider.System.GetUtcNow().UtcDateTime;
        var started = Stopwatch.GetTimestamp();
        ProcessNext(message, pipeline);
        Record(message, startedAt, Stopwatch.GetElapsedTime(started));
    }

    public override async ValueTask ProcessAsync(HttpMessage message, ReadOnlyMemory<HttpPipelinePolicy> pipeline)
    {
        var startedAt = TimeProvider.System.GetUtcNow().UtcDateTime;
        var started = Stopwatch.GetTimestamp();
        await ProcessNextAsync(message, pipeline);
        Record(message, startedAt, Stopwatch.GetElapsedTime(started));
    }

    private void Record(HttpMessage message, DateTime startedAt, TimeSpan duration)
    {
        var recording = Stopwatch.GetTimestamp();
        var uri = message.Request.Uri.ToUri();
        var segments = uri.AbsolutePath.Trim('/').Split('/');
        var resourceSegment = segments.Length > 1 ? Uri.UnescapeDataString(segments[1]) : "";
        var resource = resourceSegment.Split('(')[0];
        var isPointRead = resourceSegment.Contains("PartitionKey=", StringComparison.Ordinal);
        var filter = HttpUtility.ParseQueryString(uri.Query)["$filter"];
        var returned = ReturnedPartitions(message);
        // Serialized once at most, whether the targets, the length or both need it.
        var body = new Lazy<string>(() => BodyText(message));
        _requests.Enqueue(new StorageRequest(message.Request.Method.ToString(), resource, filter, isPointRead, returned, QueueMessageText(message, segments))
        {
            Account = IPAddress.TryParse(uri.Host, out _) || uri.IsLoopback ? segments[0] : uri.Host.Split('.')[0],
            Targets = Targets(message, body, segments, resource, resourceSegment, filter, returned),
            PointKeys = PointKeys(resourceSegment),
            RequestBytes = message.Request.Content is not { } content ? 0 : content.TryComputeLength(out var length) ? length : Encoding.UTF8.GetByteCount(body.Value),
            Started = startedAt,
            Duration = duration,
            RecordingTime = Stopwatch.GetElapsedTime(recording),
        });
    }

    /// <summary>The entities and messages a call touched (see <see cref="StorageRequest.Targets"/>).</summary>
    private static List<StorageTarget> Targets(HttpMessage message, Lazy<string> body, string[] segments, string resource, string resourceSegment, string? filter, List<string> returned)
    {
        if (segments.Length >= 3 && segments[2] == "messages")
        {
            // A put, update or delete is one message; a receive or peek as many as came back (an empty poll: none).
            var count = message.Request.Method == RequestMethod.Get ? ReceivedMessages(message) : 1;
            return [.. Enumerable.Repeat(new StorageTarget(resource, "", IsMessage: true), count)];
        }

        if (resource == "$batch")
        {
            return BatchTargets(body.Value);
        }

        if (resource is "" or "Tables" || segments.Length > 2)
        {
            return [];
        }

        if (PointPartition(resourceSegment) is { } partition)
        {
            return [new(resource, partition)];
        }

        if (message.Request.Method == RequestMethod.Get)
        {
            return returned.Count > 0 ? [.. returned.Select(p => new StorageTarget(resource, p))]
                : filter is not null && FilterPartition().Match(filter) is { Success: true } match ? [new(resource, Unquote(match.Groups[1].Value))]
                : [];
        }

        return message.Request.Method == RequestMethod.Post && BodyPartition().Match(body.Value) is { Success: true } inserted
            ? [new(resource, Regex.Unescape(inserted.Groups[1].Value))]
            : [];
    }

    /// <summary>An entity-group transaction: each operation's table and partition, from its URL or (an insert) its body.</summary>
    private static List<StorageTarget> BatchTargets(string body)
    {
        var targets = new List<StorageTarget>();
        foreach (var part in body.Split("application/http").Skip(1))
        {
            if (BatchRequestLine().Match(part) is not { Success: true } line)
            {
                continue;
            }

            var last = Uri.UnescapeDataString(new Uri(line.Groups[1].Value).AbsolutePath.Split('/')[^1]);
            var partition = PointPartition(last) ?? (BodyPartition().Match(part) is { Success: true } inserted ? Regex.Unescape(inserted.Groups[1].Value) : "");
            targets.Add(new(last.Split('(')[0], partition));
        }

        return targets;
    }

    private static string? PointPartition(string resourceSegment)
        => PointKey().Match(resourceSegment) is { Success: true } match ? Unquote(match.Groups[1].Value) : null;

    private static (string PartitionKey, string RowKey)? PointKeys(string resourceSegment)
        => PointKey().Match(resourceSegment) is { Success: true } match && match.Groups[2].Success ? (Unquote(match.Groups[1].Value), Unquote(match.Groups[2].Value)) : null;

    private static string Unquote(string value) => value.Replace("''", "'", StringComparison.Ordinal);

    private static string BodyText(HttpMessage message)
    {
        if (message.Request.Content is not { } content)
        {
            return "";
        }

        using var body = new MemoryStream();
        content.WriteTo(body, CancellationToken.None);
        return Encoding.UTF8.GetString(body.ToArray());
    }

    private static int ReceivedMessages(HttpMessage message)
    {
        if (!message.HasResponse || message.Response.Status != 200 || message.Response.Content.ToMemory().Length == 0)
        {
            return 0;
        }

        var root = XDocument.Parse(message.Response.Content.ToString()).Root;
        return root?.Elements("QueueMessage").Count() ?? 0;
    }

    /// <summary>An entity's address: its partition key, and its row key when the address has one.</summary>
    [GeneratedRegex("PartitionKey='((?:[^']|'')*)'(?:,RowKey='((?:[^']|'')*)')?")]
    private static partial Regex PointKey();

    [GeneratedRegex("PartitionKey eq '((?:[^']|'')*)'")]
    private static partial Regex FilterPartition();

    [GeneratedRegex("\"PartitionKey\":\\s*\"((?:[^\"\\\\]|\\\\.)*)\"")]
    private static partial Regex BodyPartition();

    [GeneratedRegex("^(?:GET|POST|PUT|PATCH|MERGE|DELETE) (\\S+) HTTP/1\\.1", RegexOptions.Multiline)]
    private static partial Regex BatchRequestLine();

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
