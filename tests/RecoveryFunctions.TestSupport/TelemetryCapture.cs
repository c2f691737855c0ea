using System.Collections;
using System.Collections.Concurrent;
using System.Diagnostics;
using System.Diagnostics.Metrics;
using Microsoft.Extensions.DependencyInjection;
using OpenTelemetry;
using OpenTelemetry.Metrics;
using OpenTelemetry.Trace;

namespace RecoveryFunctions.TestSupport;

/// <summary>
/// What the app exports, through the OpenTelemetry in-memory exporter added to the app's own providers. Activity
/// sources are process-wide, so every host running in the test process reaches this exporter: only the spans of
/// the traces a test started with <see cref="StartJourney"/> are kept.
/// </summary>
public sealed class TelemetryCapture
{
    private readonly ConcurrentDictionary<ActivityTraceId, byte> _journeys = new();
    private readonly JourneySpans _spans;

    public TelemetryCapture() => _spans = new JourneySpans(_journeys);

    /// <summary>Metric streams as last exported (after <see cref="FlushMetrics"/>).</summary>
    public List<MetricSnapshot> Metrics { get; } = [];

    public void AddTo(IServiceCollection services)
    {
        services.ConfigureOpenTelemetryTracerProvider(tracing => tracing.AddInMemoryExporter(_spans));
        services.ConfigureOpenTelemetryMeterProvider(metrics => metrics.AddInMemoryExporter(Metrics));
    }

    /// <summary>
    /// Makes the caller's async flow part of a new trace, as a front end that sends one traceparent for a whole
    /// procedure would: every request made until the activity is disposed carries it.
    /// </summary>
    public Activity StartJourney()
    {
        var journey = new Activity("test-journey");
        journey.SetParentId(ActivityTraceId.CreateRandom(), ActivitySpanId.CreateRandom(), ActivityTraceFlags.Recorded);
        journey.Start();
        _journeys[journey.TraceId] = 0;
        return journey;
    }

    public IReadOnlyList<Activity> SpansOf(ActivityTraceId trace) => _spans.Snapshot().Where(s => s.TraceId == trace).ToList();

    /// <summary>Every kept span.</summary>
    public IReadOnlyList<Activity> Spans => _spans.Snapshot();

    /// <summary>Waits until the trace holds what <paramref name="complete"/> looks for (the worker ends its spans after the HTTP steps).</summary>
    public async Task<IReadOnlyList<Activity>> WaitForSpansAsync(ActivityTraceId trace, Func<IReadOnlyList<Activity>, bool> complete)
    {
        var clock = Stopwatch.StartNew();
        while (true)
        {
            var spans = SpansOf(trace);
            if (complete(spans))
            {
                return spans;
            }

            if (clock.Elapsed > TimeSpan.FromSeconds(30))
            {
                throw new TimeoutException("The trace is incomplete: " + string.Join(", ", spans.Select(s => s.DisplayName)));
            }

            await Task.Delay(100);
        }
    }

    public void FlushMetrics(IServiceProvider services)
    {
        Metrics.Clear();
        Assert.True(services.GetRequiredService<MeterProvider>().ForceFlush(10_000));
    }

    /// <summary>The spans of the started journeys, from whichever thread ends them.</summary>
    private sealed class JourneySpans(ConcurrentDictionary<ActivityTraceId, byte> journeys) : ICollection<Activity>
    {
        private readonly ConcurrentQueue<Activity> _kept = new();

        public int Count => _kept.Count;

        public bool IsReadOnly => false;

        public IReadOnlyList<Activity> Snapshot() => [.. _kept];

        public void Add(Activity item)
        {
            if (journeys.ContainsKey(item.TraceId))
            {
                _kept.Enqueue(item);
            }
        }

        public void Clear() => _kept.Clear();

        public bool Contains(Activity item) => _kept.Contains(item);

        public void CopyTo(Activity[] array, int arrayIndex) => _kept.ToArray().CopyTo(array, arrayIndex);

        public bool Remove(Activity item) => throw new NotSupportedException();

        public IEnumerator<Activity> GetEnumerator() => Snapshot().GetEnumerator();

        IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();
    }
}

/// <summary>
/// Sums the app's measurements of one host from the moment it is created: meters are process-wide, and the host's
/// <see cref="IMeterFactory"/> (the meter's scope) is what tells its instruments from other hosts' running in parallel.
/// </summary>
public sealed class MeasurementTally : IDisposable
{
    private readonly MeterListener _listener = new();
    private readonly ConcurrentDictionary<string, long> _sums = new();

    public MeasurementTally(IServiceProvider services)
    {
        var factory = services.GetRequiredService<IMeterFactory>();
        _listener.InstrumentPublished = (instrument, listener) =>
        {
            if (ReferenceEquals(instrument.Meter.Scope, factory))
            {
                listener.EnableMeasurementEvents(instrument);
            }
        };
        _listener.SetMeasurementEventCallback<long>((instrument, value, tags, _) =>
        {
            _sums.AddOrUpdate(Key(instrument.Name, tags), value, (_, sum) => sum + value);
            _sums.AddOrUpdate(instrument.Name, value, (_, sum) => sum + value);
        });
        _listener.Start();
    }

    /// <summary>The sum of an instrument, all dimensions together or for one dimension value (<c>"template=RecoveryLink"</c>).</summary>
    public long this[string instrument, string? dimension = null] => _sums.GetValueOrDefault(dimension is null ? instrument : $"{instrument}|{dimension}");

    public async Task WaitForAsync(string instrument, string dimension, long expected)
    {
        var clock = Stopwatch.StartNew();
        while (this[instrument, dimension] < expected && clock.Elapsed < TimeSpan.FromSeconds(30))
        {
            await Task.Delay(100);
        }
    }

    public void Dispose() => _listener.Dispose();

    private static string Key(string instrument, ReadOnlySpan<KeyValuePair<string, object?>> tags)
    {
        // One dimension per measurement is enough for the assertions; the first tag names it.
        return tags.Length == 0 ? instrument + "|" : $"{instrument}|{tags[0].Key}={tags[0].Value}";
    }
}

/// <summary>Everything an exporter would send of one span or metric stream, as text to search.</summary>
public static class TelemetryText
{
    public static string Of(Activity span)
    {
        ArgumentNullException.ThrowIfNull(span);
        return string.Join(
            "\n",
            new[] { span.Source.Name, span.OperationName, span.DisplayName, span.StatusDescription ?? "", span.TraceStateString ?? "" }
                .Concat(span.TagObjects.Select(t => $"{t.Key}={t.Value}"))
                .Concat(span.Events.SelectMany(e => e.Tags.Select(t => $"{e.Name} {t.Key}={t.Value}").Append(e.Name)))
                .Concat(span.Links.SelectMany(l => l.Tags?.Select(t => $"{t.Key}={t.Value}") ?? []))
                .Concat(span.Baggage.Select(b => $"{b.Key}={b.Value}")));
    }

    public static string Of(MetricSnapshot metric)
    {
        ArgumentNullException.ThrowIfNull(metric);
        var points = new List<string>();
        foreach (var point in metric.MetricPoints)
        {
            foreach (var tag in point.Tags)
            {
                points.Add($"{tag.Key}={tag.Value}");
            }
        }

        return string.Join("\n", points.Prepend(metric.Description).Prepend(metric.Name).Prepend(metric.MeterName));
    }
}
