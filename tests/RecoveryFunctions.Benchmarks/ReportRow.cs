namespace RecoveryFunctions.Benchmarks;

/// <summary>One figure with its limit; <see cref="WithinLimit"/> is null when the figure is a comparison without a limit.</summary>
public sealed record ReportRow(string Section, string Measure, string Figure, string Limit, bool? WithinLimit);
