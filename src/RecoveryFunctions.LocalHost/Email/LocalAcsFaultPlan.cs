using System.Collections.Concurrent;

namespace RecoveryFunctions.LocalHost.Email;

/// <summary>
/// Test seam: failures the local endpoint returns to the next send requests (after the signature check, as the
/// service throttles authenticated callers). Queued faults are used once each; <see cref="Always"/> fails every send.
/// </summary>
public sealed class LocalAcsFaultPlan
{
    private readonly ConcurrentQueue<LocalAcsFault> _planned = new();
    private volatile LocalAcsFault? _always;

    /// <summary>Plans faults for the next sends, in order.</summary>
    public void Enqueue(params LocalAcsFault[] faults)
    {
        ArgumentNullException.ThrowIfNull(faults);
        foreach (var fault in faults)
        {
            _planned.Enqueue(fault);
        }
    }

    /// <summary>Plans one 429 with a Retry-After.</summary>
    public void EnqueueThrottle(TimeSpan retryAfter) => Enqueue(new LocalAcsFault(429, retryAfter));

    /// <summary>Makes every send fail with this status until <see cref="Clear"/>.</summary>
    public void Always(int statusCode, TimeSpan? retryAfter = null) => _always = new LocalAcsFault(statusCode, retryAfter);

    /// <summary>Forgets planned faults and the always mode.</summary>
    public void Clear()
    {
        _always = null;
        _planned.Clear();
    }

    internal bool TryTake(out LocalAcsFault? fault)
    {
        fault = _always;
        if (fault is not null)
        {
            return true;
        }

        if (_planned.TryDequeue(out var next))
        {
            fault = next;
            return true;
        }

        return false;
    }
}
