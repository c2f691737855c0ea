using RecoveryFunctions.Core.Email;
using RecoveryFunctions.TestSupport;

namespace RecoveryFunctions.Tests.Email;

/// <summary>
/// The outbox port on a virtual clock, for the dispatcher's own rules (waits, caps, order) in tests that must not
/// sleep: Azurite hides messages in real seconds. The Storage-queue adapter is proven against Azurite end to end.
/// <see cref="RunUntilIdleAsync"/> delivers the next due message, moving the clock to when it is due.
/// </summary>
internal sealed class InMemoryOutbox(ManualTimeProvider clock) : IEmailOutbox
{
    private readonly List<(DateTimeOffset Due, OutboxEmail Email)> _queued = [];

    public List<OutboxEmail> Poison { get; } = [];

    /// <summary>Every re-queue: the email as re-queued and the delay asked.</summary>
    public List<(OutboxEmail Email, TimeSpan Delay)> Requeued { get; } = [];

    public int Pending => _queued.Count;

    public Task EnqueueAsync(OutboxEmail email, CancellationToken cancellationToken = default) => EnqueueAsync(email, TimeSpan.Zero, cancellationToken);

    public Task EnqueueAsync(OutboxEmail email, TimeSpan delay, CancellationToken cancellationToken = default)
    {
        var stamped = email.EnqueuedAt is null ? email with { EnqueuedAt = clock.GetUtcNow() } : email;
        if (email.Requeues > 0)
        {
            Requeued.Add((stamped, delay));
        }

        _queued.Add((clock.GetUtcNow() + delay, stamped));
        return Task.CompletedTask;
    }

    public Task DeadLetterAsync(OutboxEmail email, CancellationToken cancellationToken = default)
    {
        Poison.Add(email);
        return Task.CompletedTask;
    }

    public Task<bool> HasTimeCriticalPendingAsync(CancellationToken cancellationToken = default)
        => Task.FromResult(_queued.Any(q => EmailUrgency.IsTimeCritical(q.Email.Template) && !q.Email.Delivery.Accepted));

    public Task<int> ReplayDeadLettersAsync(int max, Func<OutboxEmail, OutboxEmail> prepare, CancellationToken cancellationToken = default)
    {
        var replayed = Poison.Take(max).ToList();
        Poison.RemoveRange(0, replayed.Count);
        foreach (var email in replayed)
        {
            _queued.Add((clock.GetUtcNow(), prepare(email)));
        }

        return Task.FromResult(replayed.Count);
    }

    /// <summary>Delivers messages in due order (time-critical first among equals) until none is left or <paramref name="maxRuns"/>.</summary>
    /// <returns>The runs, each with the clock time it ran at and the email.</returns>
    public async Task<List<(DateTimeOffset At, OutboxEmail Email)>> RunUntilIdleAsync(EmailDispatcher dispatcher, int maxRuns = 10_000)
    {
        var runs = new List<(DateTimeOffset, OutboxEmail)>();
        while (_queued.Count > 0 && runs.Count < maxRuns)
        {
            var next = _queued.OrderBy(q => q.Due).ThenBy(q => EmailUrgency.IsTimeCritical(q.Email.Template) ? 0 : 1).First();
            _queued.Remove(next);
            if (next.Due > clock.GetUtcNow())
            {
                clock.UtcNow = next.Due;
            }

            runs.Add((clock.GetUtcNow(), next.Email));
            await dispatcher.DispatchAsync(next.Email, dequeueCount: 1);
        }

        return runs;
    }
}
