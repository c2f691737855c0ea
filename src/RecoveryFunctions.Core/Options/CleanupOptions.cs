using System.ComponentModel.DataAnnotations;

namespace RecoveryFunctions.Core.Options;

/// <summary>
/// The scheduled deletion of expired rows (contract §2.6). When it runs (<c>Cleanup:Schedule</c>) is the Functions host's
/// business: the timer trigger reads it, and the function app checks it at start (<c>CleanupScheduleOptions</c>).
/// </summary>
public sealed class CleanupOptions
{
    public const string SectionName = "Cleanup";

    /// <summary>
    /// Upper bound of rows deleted per kind (tokens, throttle windows, pending accounts) in one run, so a
    /// backlog of one kind cannot starve the others and a run stays short; the next run resumes.
    /// </summary>
    [Range(100, 10_000_000)]
    public int MaxRowsPerRun { get; set; } = 200_000;

    /// <summary>Batch transactions in flight at once (each is one partition, up to 100 rows).</summary>
    [Range(1, 64)]
    public int Parallelism { get; set; } = 8;
}

public sealed class CleanupOptionsValidator() : OptionsValidator<CleanupOptions>(CleanupOptions.SectionName);
