using System.Globalization;
using System.Runtime.InteropServices;

namespace RecoveryFunctions.Benchmarks;

/// <summary>What the figures were measured on, read from the machine itself.</summary>
public static class MachineDescription
{
    public static IReadOnlyList<string> Describe() =>
    [
        $"CPU: {ProcValue("/proc/cpuinfo", "model name") ?? RuntimeInformation.ProcessArchitecture.ToString()}",
        $"Logical cores: {Environment.ProcessorCount.ToString(CultureInfo.InvariantCulture)}",
        $"Memory: {MemoryTotal()}",
        $"OS: {RuntimeInformation.OSDescription}",
        $".NET: {RuntimeInformation.FrameworkDescription} ({RuntimeInformation.RuntimeIdentifier})",
        $"Load average when written (1, 5, 15 min): {LoadAverage()}",
    ];

    /// <summary>The 1-, 5- and 15-minute load averages (the machine is shared: a figure is read beside the load it ran under).</summary>
    public static string LoadAverage()
        => File.Exists("/proc/loadavg") ? string.Join(", ", File.ReadAllText("/proc/loadavg").Split(' ').Take(3)) : "unknown";

    private static string MemoryTotal()
    {
        var kib = ProcValue("/proc/meminfo", "MemTotal")?.Split(' ', StringSplitOptions.RemoveEmptyEntries).FirstOrDefault();
        return long.TryParse(kib, NumberStyles.None, CultureInfo.InvariantCulture, out var value)
            ? FormattableString.Invariant($"{value / 1024.0 / 1024.0:F1} GiB")
            : "unknown";
    }

    private static string? ProcValue(string path, string key)
    {
        if (!File.Exists(path))
        {
            return null;
        }

        return File.ReadLines(path)
            .Where(l => l.StartsWith(key, StringComparison.Ordinal))
            .Select(l => l[(l.IndexOf(':', StringComparison.Ordinal) + 1)..].Trim())
            .FirstOrDefault();
    }
}
