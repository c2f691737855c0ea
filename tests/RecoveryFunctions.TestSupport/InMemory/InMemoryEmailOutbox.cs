using System.Diagnostics;
using RecoveryFunctions.Core.Email;

namespace RecoveryFunctions.TestSupport.InMemory;

/// <summary>
/// <see cref="IEmailOutbox"/> in memory: the two lanes <see cref="OutboxLanes.Of"/> picks, each a queue and a poison queue,
/// messages hidden for the delay rounded up to whole seconds on the given clock (a manual one: no test waits), the
/// time-critical count including hidden messages, replay moving parked messages back to their own lane. Messages are kept
/// as emails, not sealed: what the queues hold at rest is the Storage adapter's own concern, proved on Azurite.
/// </summary>
public sealed class InMemoryEmailOutbox(TimeProvider time) : IEmailOutbox
{
    private readonly Lock _gate = new();
    private readonly Dictionary<OutboxLane, List<(DateTimeOffset VisibleAt, OutboxEmail Email)>> _queues = new()
    {
        [OutboxLane.TimeCritical] = [],
        [OutboxLane.Notifications] = [],
    };

    private readonly Dictionary<OutboxLane, List<OutboxEmail>> _poison = new()
    {
        [OutboxLane.TimeCritical] = [],
        [OutboxLane.Notifications] = [],
    };

    public Task EnqueueAsync(OutboxEmail email, CancellationToken cancellationToken = default) => EnqueueAsync(email, TimeSpan.Zero, cancellationToken);

    public Task EnqueueAsync(OutboxEmail email, TimeSpan delay, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(email);
        var now = time.GetUtcNow();
        var stamped = (email.EnqueuedAt is null ? email with { EnqueuedAt = now } : email) with { TraceParent = Activity.Current?.Id ?? email.TraceParent };
        lock (_gate)
        {
            _queues[OutboxLanes.Of(email)].Add((now + (OutboxLanes.Visibility(delay) ?? TimeSpan.Zero), stamped));
        }

        return Task.CompletedTask;
    }

    public Task DeadLetterAsync(OutboxEmail email, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(email);
        lock (_gate)
        {
            _poison[OutboxLanes.Of(email)].Add(email);
        }

        return Task.CompletedTask;
    }

    public Task<bool> HasTimeCriticalPendingAsync(CancellationToken cancellationToken = default)
    {
        lock (_gate)
        {
            return Task.FromResult(_queues[OutboxLane.TimeCritical].Count > 0);
        }
    }

    public Task<int> ReplayDeadLettersAsync(int max, Func<OutboxEmail, OutboxEmail> prepare, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(prepare);
        var replayed = 0;
        lock (_gate)
        {
            var now = time.GetUtcNow();
            foreach (var lane in (OutboxLane[])[OutboxLane.TimeCritical, OutboxLane.Notifications])
            {
                var parked = _poison[lane];
                while (replayed < max && parked.Count > 0)
                {
                    // Back to the lane it was parked from, visible at once; then off the poison queue.
                    _queues[lane].Add((now, prepare(parked[0])));
                    parked.RemoveAt(0);
                    replayed++;
                }
            }
        }

        return Task.FromResult(replayed);
    }

    /// <summary>Takes every message of a lane visible now, in the order enqueued (a worker receiving them all).</summary>
    public IReadOnlyList<OutboxEmail> Receive(OutboxLane lane)
    {
        lock (_gate)
        {
            var now = time.GetUtcNow();
            var queue = _queues[lane];
            var visible = queue.Where(m => m.VisibleAt <= now).ToList();
            queue.RemoveAll(m => m.VisibleAt <= now);
            return [.. visible.Select(m => m.Email)];
        }
    }

    /// <summary>Takes every message visible now, time-critical lane first, as <see cref="OutboxInspection.DrainOutboxAsync"/> does on the queues.</summary>
    public List<OutboxEmail> Drain() => [.. Receive(OutboxLane.TimeCritical), .. Receive(OutboxLane.Notifications)];

    /// <summary>Empties every queue of both lanes, hidden messages included.</summary>
    public void Clear()
    {
        lock (_gate)
        {
            foreach (var lane in _queues.Keys)
            {
                _queues[lane].Clear();
                _poison[lane].Clear();
            }
        }
    }

    /// <summary>How many messages a lane holds, hidden ones included.</summary>
    public int Pending(OutboxLane lane)
    {
        lock (_gate)
        {
            return _queues[lane].Count;
        }
    }

    /// <summary>The messages parked on a lane's poison queue, oldest first.</summary>
    public IReadOnlyList<OutboxEmail> Poison(OutboxLane lane)
    {
        lock (_gate)
        {
            return [.. _poison[lane]];
        }
    }
}
