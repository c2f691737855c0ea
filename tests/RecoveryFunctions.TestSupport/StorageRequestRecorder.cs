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
/// On the call's path it only copies what it needs (the address, the bodies, the status); it reads them into a
/// <see cref="StorageRequest"/> when <see cref="Requests"/> is read. Parsing there instead of between the app's calls keeps
/// the recorder's own work out of the measured code's way: the benchmark found a step's storage calls slower whenever
/// other work ran just before them (docs/operations/deadline-night.md, "the calling core's caches").
/// </summary>
public sealed partial class StorageRequestRecorder : HttpPipelinePolicy
{
    private readonly Lock _gate = new();
    private readonly ConcurrentQueue<RecordedCall> _unread = new();
    private readonly ConcurrentQueue<StorageRequest> _requests = new();

    /// <summary>Every call recorded so far, in the order they ended.</summary>
    public IReadOnlyCollection<StorageRequest> Requests
    {
        get
        {
            lock (_gate)
            {
                while (_unread.TryDequeue(out var call))
                {
                    _requests.Enqueue(call.Read());
                }

                return _requests;
            }
        }
    }

    /// <summary>The text of every queue message written through the recorded clients (any queue, poison queues included).</summary>
    public IReadOnlyList<string> QueueMessagesWritten => Requests.Select(r => r.MessageText).OfType<string>().ToList();

    /// <summary>What the recorder's own copying has cost the recorded calls so far (it runs inside each call, on its caller's path).</summary>
    public TimeSpan RecordingTime
    {
        get
        {
            lock (_gate)
            {
                return TimeSpan.FromTicks(_requests.Sum(r => r.RecordingTime.Ticks) + _unread.Sum(c => c.RecordingTime.Ticks));
            }
        }
    }

    public void Clear()
    {
        lock (_gate)
        {
            _unread.Clear();
            _requests.Clear();
        }
    }

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
        var request = message.Request;
        var response = message.HasResponse ? message.Response : null;
        var requestBody = request.Content is { } content ? BodyOf(content) : null;

        // Only a successful GET's answer is read (the rows a query or point read returned, the messages a receive got).
        var responseBody = request.Method == RequestMethod.Get && response is { Status: 200 } ? response.Content.ToArray() : null;
        var call = new RecordedCall(request.Method, request.Uri.ToUri(), requestBody, response?.Headers.ContentType, responseBody, startedAt, duration);
        _unread.Enqueue(call with { RecordingTime = Stopwatch.GetElapsedTime(recording) });
    }

    private static byte[] BodyOf(RequestContent content)
    {
        using var body = new MemoryStream();
        content.WriteTo(body, CancellationToken.None);
        return body.ToArray();
    }

    /// <summary>A call as it went by: copies of its address and bodies, read into a <see cref="StorageRequest"/> later.</summary>
    private sealed record RecordedCall(RequestMethod Method, Uri Uri, byte[]? RequestBody, string? ResponseContentType, byte[]? ResponseBody, DateTime Started, TimeSpan Duration)
    {
        public TimeSpan RecordingTime { get; init; }

        public StorageRequest Read()
        {
            var segments = Uri.AbsolutePath.Trim('/').Split('/');
            var resourceSegment = segments.Length > 1 ? Uri.UnescapeDataString(segments[1]) : "";
            var resource = resourceSegment.Split('(')[0];
            var isPointRead = resourceSegment.Contains("PartitionKey=", StringComparison.Ordinal);
            var filter = HttpUtility.ParseQueryString(Uri.Query)["$filter"];
            var returned = ReturnedPartitions(Method, ResponseContentType, ResponseBody);
            var body = RequestBody is null ? "" : Encoding.UTF8.GetString(RequestBody);
            return new StorageRequest(Method.ToString(), resource, filter, isPointRead, returned, QueueMessageText(RequestBody, segments))
            {
                Account = IPAddress.TryParse(Uri.Host, out _) || Uri.IsLoopback ? segments[0] : Uri.Host.Split('.')[0],
                Targets = Targets(Method, body, ResponseBody, segments, resource, resourceSegment, filter, returned),
                PointKeys = PointKeys(resourceSegment),
                RequestBytes = RequestBody?.Length ?? 0,
                Started = Started,
                Duration = Duration,
                RecordingTime = RecordingTime,
            };
        }
    }

    /// <summary>The entities and messages a call touched (see <see cref="StorageRequest.Targets"/>).</summary>
    private static List<StorageTarget> Targets(RequestMethod method, string body, byte[]? responseBody, string[] segments, string resource, string resourceSegment, string? filter, List<string> returned)
    {
        if (segments.Length >= 3 && segments[2] == "messages")
        {
            // A put, update or delete is one message; a receive or peek as many as came back (an empty poll: none).
            var count = method == RequestMethod.Get ? ReceivedMessages(responseBody) : 1;
            return [.. Enumerable.Repeat(new StorageTarget(resource, "", IsMessage: true), count)];
        }

        if (resource == "$batch")
        {
            return BatchTargets(body);
        }

        if (resource is "" or "Tables" || segments.Length > 2)
        {
            return [];
        }

        if (PointPartition(resourceSegment) is { } partition)
        {
            return [new(resource, partition)];
        }

        if (method == RequestMethod.Get)
        {
            return returned.Count > 0 ? [.. returned.Select(p => new StorageTarget(resource, p))]
                : filter is not null && FilterPartition().Match(filter) is { Success: true } match ? [new(resource, Unquote(match.Groups[1].Value))]
                : [];
        }

        return method == RequestMethod.Post && BodyPartition().Match(body) is { Success: true } inserted
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

    /// <summary>The messages a receive got (its answer is null unless a GET answered 200).</summary>
    private static int ReceivedMessages(byte[]? responseBody)
    {
        if (responseBody is not { Length: > 0 })
        {
            return 0;
        }

        var root = XDocument.Parse(Encoding.UTF8.GetString(responseBody)).Root;
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
    private static string? QueueMessageText(byte[]? requestBody, string[] segments)
    {
        if (segments.Length < 3 || segments[2] != "messages" || requestBody is null)
        {
            return null;
        }

        using var body = new MemoryStream(requestBody);
        var text = XDocument.Load(body).Root?.Element("MessageText")?.Value;
        return text is null ? null : Encoding.UTF8.GetString(Convert.FromBase64String(text));
    }

    private static List<string> ReturnedPartitions(RequestMethod method, string? contentType, byte[]? responseBody)
    {
        if (method != RequestMethod.Get || responseBody is null || contentType?.Contains("json", StringComparison.OrdinalIgnoreCase) != true)
        {
            return [];
        }

        using var document = JsonDocument.Parse(responseBody);
        var rows = document.RootElement.TryGetProperty("value", out var value) && value.ValueKind == JsonValueKind.Array
            ? value.EnumerateArray().ToList()
            : [document.RootElement];
        return rows.Where(r => r.ValueKind == JsonValueKind.Object && r.TryGetProperty("PartitionKey", out _))
            .Select(r => r.GetProperty("PartitionKey").GetString() ?? "")
            .ToList();
    }
}
