using System.Collections.Concurrent;
using System.Globalization;
using RecoveryFunctions.Infrastructure.Email;

namespace RecoveryFunctions.DevServices.Email;

/// <summary>
/// The local service's state: accepted operations by operation id, repeatable requests by Repeatability-Request-ID
/// (the documented idempotency of Email Send, tracked for <see cref="LocalAcsEmailOptions.RepeatabilityWindow"/>;
/// the Operation-Id only names the operation and dedups nothing), the sending and status-read quotas, and what tests
/// and benchmarks count: requests, 429s, and requests that came sooner than the retry-after they were given.
/// </summary>
public sealed class LocalAcsEmailStore
{
    private readonly LocalAcsEmailOptions _options;
    private readonly TimeProvider _time;
    private readonly ConcurrentDictionary<string, LocalAcsOperation> _operations = new(StringComparer.OrdinalIgnoreCase);
    private readonly ConcurrentDictionary<Guid, LocalAcsRepeatableRequest> _repeatable = new();
    private readonly ConcurrentDictionary<string, DateTimeOffset> _notBefore = new(StringComparer.OrdinalIgnoreCase);
    private readonly ConcurrentQueue<string> _early = new();
    private readonly ConcurrentQueue<LocalAcsRequestRecord> _requests = new();
    private readonly Lock _gate = new();
    private long _sendRequests;
    private long _statusRequests;
    private long _throttled;

    public LocalAcsEmailStore(LocalAcsEmailOptions options, TimeProvider time)
    {
        _options = options;
        _time = time;
        SendQuota = new SlidingWindowQuota(options.SendsPerMinute, options.SendsPerHour, options.Scaled(TimeSpan.FromMinutes(1)), options.Scaled(TimeSpan.FromHours(1)));
        StatusQuota = new SlidingWindowQuota(options.StatusReadsPerMinute, options.StatusReadsPerHour, options.Scaled(TimeSpan.FromMinutes(1)), options.Scaled(TimeSpan.FromHours(1)));
    }

    /// <summary>The service's clock: status progression, quotas, repeatability window.</summary>
    public TimeProvider Time => _time;

    public long SendRequests => Interlocked.Read(ref _sendRequests);

    public long StatusRequests => Interlocked.Read(ref _statusRequests);

    /// <summary>429s answered (quota or planned), sends and status reads together.</summary>
    public long Throttled => Interlocked.Read(ref _throttled);

    public int AcceptedOperations => _operations.Count;

    /// <summary>Requests that came before the retry-after given for the same request id or operation had passed.</summary>
    public IReadOnlyCollection<string> EarlyRequests => _early.ToArray();

    /// <summary>Every authenticated request, in arrival order, with the headers the repeatability rules read.</summary>
    public IReadOnlyCollection<LocalAcsRequestRecord> Requests => _requests.ToArray();

    internal SlidingWindowQuota SendQuota { get; }

    internal SlidingWindowQuota StatusQuota { get; }

    public LocalAcsOperation? Find(string operationId) => _operations.GetValueOrDefault(operationId);

    internal void CountSend(HttpRequest request, DateTimeOffset now)
    {
        Interlocked.Increment(ref _sendRequests);
        _requests.Enqueue(new LocalAcsRequestRecord(
            "POST", request.Headers["Repeatability-Request-ID"].ToString(), request.Headers["Repeatability-First-Sent"].ToString(), request.Headers["Operation-Id"].ToString(), now));
    }

    internal void CountStatusRead(string operationId, DateTimeOffset now)
    {
        Interlocked.Increment(ref _statusRequests);
        _requests.Enqueue(new LocalAcsRequestRecord("GET", null, null, operationId, now));
    }

    internal void CountThrottled() => Interlocked.Increment(ref _throttled);

    /// <summary>Notes a request for <paramref name="key"/>, recording it when it is sooner than the last retry-after allowed.</summary>
    internal void CheckNotEarly(string key, DateTimeOffset now)
    {
        if (_notBefore.TryGetValue(key, out var notBefore) && now < notBefore)
        {
            _early.Enqueue($"{key}: {(notBefore - now).TotalMilliseconds:F0} ms early");
        }
    }

    internal void Told(string key, DateTimeOffset now, TimeSpan? retryAfter)
    {
        if (retryAfter is { } delay)
        {
            _notBefore[key] = now + delay;
        }
        else
        {
            _notBefore.TryRemove(key, out _);
        }
    }

    /// <summary>Starts a repeatable request, or returns the one already tracked under its id.</summary>
    internal (LocalAcsRepeatableRequest Request, bool IsRepeat) Track(Guid requestId, string bodyHash, DateTimeOffset now)
    {
        lock (_gate)
        {
            if (_repeatable.TryGetValue(requestId, out var existing) && now - existing.TrackedAt < _options.RepeatabilityWindow)
            {
                return (existing, true);
            }

            var started = new LocalAcsRepeatableRequest(requestId, bodyHash, now);
            _repeatable[requestId] = started;
            return (started, false);
        }
    }

    /// <summary>Forgets a request whose answer the service does not keep (a 5xx or a 429): its repeat is executed again.</summary>
    internal void Forget(Guid requestId) => _repeatable.TryRemove(requestId, out _);

    internal LocalAcsOperation Accept(string operationId, LocalAcsEmailMessage message, bool fails)
    {
        var now = _time.GetUtcNow();
        string? fileName = null;
        if (!fails)
        {
            Directory.CreateDirectory(_options.MailboxDirectory);
            fileName = $"{now.UtcDateTime.ToString("yyyyMMdd'T'HHmmssfffffff'Z'", CultureInfo.InvariantCulture)}-{operationId}.eml";
            var path = Path.Combine(_options.MailboxDirectory, fileName);
            var temporary = path + ".tmp";

            // Write then rename, so a reader polling the mailbox never sees half a message.
            using (var file = File.Create(temporary))
            {
                EmlMessageWriter.Write(message, operationId, now, file);
            }

            File.Move(temporary, path);
        }

        var operation = new LocalAcsOperation(operationId, now, fails, fileName);
        _operations[operationId] = operation;
        return operation;
    }
}

/// <summary>One request the local endpoint received (after authentication).</summary>
public sealed record LocalAcsRequestRecord(string Method, string? RepeatabilityRequestId, string? RepeatabilityFirstSent, string? OperationId, DateTimeOffset At);

/// <summary>A tracked Repeatability-Request-ID: the body it came with and, once answered, the answer a repeat gets.</summary>
internal sealed class LocalAcsRepeatableRequest(Guid id, string bodyHash, DateTimeOffset trackedAt)
{
    public Guid Id { get; } = id;

    public string BodyHash { get; } = bodyHash;

    public DateTimeOffset TrackedAt { get; } = trackedAt;

    /// <summary>Null while the first request is in progress.</summary>
    public LocalAcsRecordedAnswer? Answer { get; set; }
}

/// <summary>What the first request was answered (2xx or 4xx), replayed to its repeats.</summary>
internal sealed record LocalAcsRecordedAnswer(int StatusCode, string? OperationId, string? ErrorCode, string? ErrorMessage);
