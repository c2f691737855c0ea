using System.Text;

namespace RecoveryFunctions.Benchmarks;

/// <summary>The results file: machine, mode, then one table with each figure beside its limit.</summary>
public static class MarkdownReport
{
    public static string Render(BenchmarkOptions options, IEnumerable<ReportRow> rows, IEnumerable<string> notes)
    {
        ArgumentNullException.ThrowIfNull(options);
        var text = new StringBuilder();
        text.AppendLine("# Recovery backend — benchmark results").AppendLine();
        foreach (var line in MachineDescription.Describe())
        {
            text.AppendLine("- " + line);
        }

        var mode = options.Throughput
            ? $"throughput per step, clients: {string.Join(", ", options.ThroughputLevels)}"
            : options.Night
            ? FormattableString.Invariant($"deadline night, {options.People} people driven, scaled to 1,700 sign-ins a second")
            : options.Altcha
            ? FormattableString.Invariant($"ALTCHA widget solve time, {options.AltchaRuns} runs per MaxNumber and CPU rate")
            : options.EmailBurst
            ? $"email burst, time scale ×{options.TimeScale}"
            : options.Timing
                ? $"timing, {options.TimingSamples} requests per account state and step"
                : $"{(options.Quick ? "quick" : "full")}, cleanup rows: {options.Rows} expired + {options.Rows} live";
        text.AppendLine(System.Globalization.CultureInfo.InvariantCulture, $"- Mode: {mode}").AppendLine();
        text.AppendLine("| # | Measure | Figure | Limit | Within |").AppendLine("| --- | --- | --- | --- | --- |");
        foreach (var row in rows)
        {
            var within = row.WithinLimit switch { true => "yes", false => "**no**", null => "—" };
            text.AppendLine(System.Globalization.CultureInfo.InvariantCulture, $"| {row.Section} | {Escape(row.Measure)} | {Escape(row.Figure)} | {Escape(row.Limit)} | {within} |");
        }

        text.AppendLine();
        foreach (var note in notes)
        {
            text.AppendLine("- " + note);
        }

        return text.ToString();
    }

    private static string Escape(string cell) => cell.Replace("|", "\\|", StringComparison.Ordinal);
}
