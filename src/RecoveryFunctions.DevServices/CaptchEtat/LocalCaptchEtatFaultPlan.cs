using System.Collections.Concurrent;

namespace RecoveryFunctions.DevServices.CaptchEtat;

public enum LocalCaptchEtatFaultKind
{
    /// <summary>Answer <see cref="LocalCaptchEtatFault.StatusCode"/> instead of serving the request.</summary>
    Status,

    /// <summary>Wait <see cref="LocalCaptchEtatFault.Duration"/> (real time) before serving: a client with a shorter timeout gives up.</summary>
    Delay,

    /// <summary>Drop the connection without an answer, as an unreachable gateway would.</summary>
    Drop,

    /// <summary>Answer 200 with a body that is not the documented one.</summary>
    Garble,
}

/// <summary>A planned failure of one request to the emulation.</summary>
public sealed record LocalCaptchEtatFault(LocalCaptchEtatFaultKind Kind, int StatusCode = 0, TimeSpan Duration = default)
{
    public static LocalCaptchEtatFault Status(int statusCode) => new(LocalCaptchEtatFaultKind.Status, statusCode);

    public static LocalCaptchEtatFault Delay(TimeSpan duration) => new(LocalCaptchEtatFaultKind.Delay, Duration: duration);

    public static LocalCaptchEtatFault Drop() => new(LocalCaptchEtatFaultKind.Drop);

    public static LocalCaptchEtatFault Garble() => new(LocalCaptchEtatFaultKind.Garble);
}

/// <summary>
/// Test seam, like the ACS endpoint's <c>LocalAcsFaultPlan</c>: failures for the next token requests and, separately,
/// the next API requests (before the bearer check, as a gateway fails). Queued faults are used once each;
/// <see cref="Always"/> fails every API request until <see cref="Clear"/>.
/// </summary>
public sealed class LocalCaptchEtatFaultPlan
{
    private readonly ConcurrentQueue<LocalCaptchEtatFault> _tokens = new();
    private readonly ConcurrentQueue<LocalCaptchEtatFault> _api = new();
    private volatile LocalCaptchEtatFault? _always;

    public void EnqueueToken(params LocalCaptchEtatFault[] faults) => Add(_tokens, faults);

    public void EnqueueApi(params LocalCaptchEtatFault[] faults) => Add(_api, faults);

    public void Always(LocalCaptchEtatFault fault) => _always = fault;

    public void Clear()
    {
        _always = null;
        _tokens.Clear();
        _api.Clear();
    }

    internal LocalCaptchEtatFault? TakeForToken() => _tokens.TryDequeue(out var next) ? next : null;

    internal LocalCaptchEtatFault? TakeForApi() => _always ?? (_api.TryDequeue(out var next) ? next : null);

    private static void Add(ConcurrentQueue<LocalCaptchEtatFault> queue, LocalCaptchEtatFault[] faults)
        => Array.ForEach(faults ?? throw new ArgumentNullException(nameof(faults)), queue.Enqueue);
}
