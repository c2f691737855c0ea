using System.Collections.Concurrent;
using Microsoft.Extensions.DependencyInjection;

using RecoveryFunctions.DevServices.Email;

namespace RecoveryFunctions.TestSupport;

/// <summary>
/// The tests' fault source: failures the local endpoint gives the next send requests and, separately, the next status reads (after
/// the signature check, as the service throttles authenticated callers). Queued faults are used once each;
/// <see cref="Always"/> fails every send.
/// </summary>
public sealed class LocalAcsFaultPlan : ILocalAcsFaultSource
{
    private readonly ConcurrentQueue<LocalAcsFault> _sends = new();
    private readonly ConcurrentQueue<LocalAcsFault> _statusReads = new();
    private readonly SemaphoreSlim _sendFaultsTaken = new(0);
    private volatile LocalAcsFault? _always;

    /// <summary>Plans faults for the next sends, in order.</summary>
    public void Enqueue(params LocalAcsFault[] faults) => Add(_sends, faults);

    /// <summary>Plans faults for the next status reads, in order.</summary>
    public void EnqueueStatus(params LocalAcsFault[] faults) => Add(_statusReads, faults);

    /// <summary>Plans one 429 with a Retry-After.</summary>
    public void EnqueueThrottle(TimeSpan retryAfter) => Enqueue(new LocalAcsFault(429, retryAfter));

    /// <summary>Makes every send fail with this status until <see cref="Clear"/>.</summary>
    public void Always(int statusCode, TimeSpan? retryAfter = null) => _always = new LocalAcsFault(statusCode, retryAfter);

    /// <summary>Forgets planned faults and the always mode.</summary>
    public void Clear()
    {
        _always = null;
        _sends.Clear();
        _statusReads.Clear();
    }

    public LocalAcsFault? TakeForSend()
    {
        if (_always is { } always)
        {
            return always;
        }

        if (!_sends.TryDequeue(out var next))
        {
            return null;
        }

        _sendFaultsTaken.Release();
        return next;
    }

    /// <summary>
    /// Waits until a send has taken its planned fault: the endpoint has then tracked the request's
    /// Repeatability-Request-ID (it takes the fault after), so a repeat sent now is seen as one.
    /// </summary>
    public async Task WaitForSendFaultTakenAsync()
    {
        if (!await _sendFaultsTaken.WaitAsync(TimeSpan.FromSeconds(30)))
        {
            throw new TimeoutException("No send took its planned fault.");
        }
    }

    public LocalAcsFault? TakeForStatusRead() => _statusReads.TryDequeue(out var next) ? next : null;

    /// <summary>Makes this plan the fault source of the endpoint registered by <c>AddLocalAcsEmail</c> (call after it).</summary>
    public static void Register(IServiceCollection services)
    {
        services.AddSingleton<LocalAcsFaultPlan>();
        services.AddSingleton<ILocalAcsFaultSource>(sp => sp.GetRequiredService<LocalAcsFaultPlan>());
    }

    private static void Add(ConcurrentQueue<LocalAcsFault> queue, LocalAcsFault[] faults)
    {
        ArgumentNullException.ThrowIfNull(faults);
        foreach (var fault in faults)
        {
            queue.Enqueue(fault);
        }
    }
}
