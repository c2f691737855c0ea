using RecoveryFunctions.TestSupport;

namespace RecoveryFunctions.Benchmarks;

/// <summary>The kinds of call a request makes that its floor redoes: storage operations, cache scripts, Argon2id evaluations, drawings.</summary>
public static class CallKind
{
    public const string Insert = "insert";
    public const string PointRead = "point read";
    public const string Query = "query";
    public const string Update = "update";
    public const string Batch = "batch";
    public const string Delete = "delete";
    public const string QueuePut = "queue put";
    public const string CacheScript = "cache script";
    public const string Argon2id = "Argon2id verify";
    public const string CaptchaDrawing = "captcha drawing";

    /// <summary>A recorded storage request's kind; control calls and the queue worker's receives and deletes are not a request's and return null.</summary>
    public static string? Of(StorageRequest request) => request switch
    {
        { Resource: "$batch" } => Batch,
        { Resource: "Tables" or "" } => null,
        // Queue names have hyphens, table names cannot: a put is the request's, a receive or delete the worker's.
        _ when request.Resource.Contains('-', StringComparison.Ordinal) => request.Method == "POST" ? QueuePut : null,
        { Method: "GET", IsPointRead: true } => PointRead,
        { Method: "GET", Filter: not null } => Query,
        { Method: "GET" } => PointRead,
        { Method: "POST" } => Insert,
        { Method: "PUT" or "PATCH" or "MERGE" } => Update,
        { Method: "DELETE" } => Delete,
        _ => null,
    };
}

/// <summary>One call a request made, to redo from a bare client: a <see cref="CallKind"/> (a batch with its rows).</summary>
/// <param name="Keys">A point read's keys in <paramref name="Table"/>, to read the very row the request read.</param>
/// <param name="Table">The table (or queue) the call went to: a point read's, or a query's with <paramref name="Filter"/>.</param>
/// <param name="Bytes">The request body's length (an entity, a batch, a message).</param>
public sealed record RawCall(string Kind, int Rows = 1, (string PartitionKey, string RowKey)? Keys = null, string? Table = null, string? Filter = null, long Bytes = 0)
{
    public static RawCall Of(StorageRequest request)
        => new(CallKind.Of(request) ?? throw new ArgumentException($"{request.Method} {request.Resource} is not a request's call.", nameof(request)),
            request.Targets.Count, request.PointKeys, request.Resource, request.Filter, request.RequestBytes);
}

/// <summary>A call as the request made it: from when to when (an Argon2id evaluation or a drawing: its start only, it holds the thread).</summary>
public sealed record TimedCall(RawCall Call, DateTime Start, DateTime End)
{
    /// <summary>The calls in order of start, a call that began before the round's calls ended joining their round.</summary>
    public static IReadOnlyList<IReadOnlyList<RawCall>> Rounds(IReadOnlyList<TimedCall> calls)
    {
        var rounds = new List<List<RawCall>>();
        var roundEnd = DateTime.MinValue;
        foreach (var call in calls.OrderBy(c => c.Start))
        {
            if (rounds.Count == 0 || call.Start >= roundEnd)
            {
                rounds.Add([]);
            }

            rounds[^1].Add(call.Call);
            roundEnd = call.End > roundEnd ? call.End : roundEnd;
        }

        return rounds;
    }
}

/// <summary>A request's time outside the calls it waited for (storage, cache), in milliseconds: before the first, between them, after the last.</summary>
public sealed record Gaps(double Before, double Between, double After)
{
    public static Gaps Of(DateTime sent, DateTime answered, IReadOnlyList<TimedCall> waits)
    {
        if (waits.Count == 0)
        {
            return new((answered - sent).TotalMilliseconds, 0, 0);
        }

        var ordered = waits.OrderBy(w => w.Start).ToList();
        var (between, reached) = (0.0, ordered[0].End);
        foreach (var wait in ordered.Skip(1))
        {
            between += Math.Max(0, (wait.Start - reached).TotalMilliseconds);
            reached = wait.End > reached ? wait.End : reached;
        }

        return new((ordered[0].Start - sent).TotalMilliseconds, between, (answered - reached).TotalMilliseconds);
    }
}
