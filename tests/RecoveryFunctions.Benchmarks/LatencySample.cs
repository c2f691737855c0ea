namespace RecoveryFunctions.Benchmarks;

/// <summary>Nearest-rank percentiles of a set of durations in milliseconds (or of ratios between two).</summary>
public sealed class LatencySample(IEnumerable<double> milliseconds)
{
    private readonly double[] _sorted = milliseconds.Order().ToArray();

    public int Count => _sorted.Length;

    public double Percentile(double p)
    {
        if (_sorted.Length == 0)
        {
            return double.NaN;
        }

        var rank = (int)Math.Ceiling(p / 100 * _sorted.Length);
        return _sorted[Math.Clamp(rank - 1, 0, _sorted.Length - 1)];
    }

    public string Describe() => Count == 0
        ? "no samples"
        : FormattableString.Invariant($"p50 {Percentile(50):F1} ms, p99 {Percentile(99):F1} ms (n={Count})");
}
