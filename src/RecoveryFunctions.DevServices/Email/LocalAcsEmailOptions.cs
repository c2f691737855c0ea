namespace RecoveryFunctions.DevServices.Email;

/// <summary>
/// Settings of the local Azure Communication Services Email endpoint (section <c>LocalAcsEmail</c>). Quotas default to
/// the documented limits of an Azure-managed domain (ACS service limits: sending 5 per minute and 10 per hour, status
/// reads 10 per minute and 20 per hour); tests and benchmarks lower or scale them.
/// </summary>
public sealed class LocalAcsEmailOptions
{
    public const string SectionName = "LocalAcsEmail";

    /// <summary>
    /// Settings that stand for a resource with room (a custom domain whose limits were raised, as a production service
    /// has): the interactive site and every journey that is not about quotas run with them, so a person trying the site
    /// is not held an hour by the managed domain's 10 emails. Quota tests and the burst benchmark set their own.
    /// </summary>
    public static IReadOnlyDictionary<string, string?> RaisedQuotas { get; } = new Dictionary<string, string?>
    {
        [SectionName + ":SendsPerMinute"] = "100000",
        [SectionName + ":SendsPerHour"] = "100000",
        [SectionName + ":StatusReadsPerMinute"] = "100000",
        [SectionName + ":StatusReadsPerHour"] = "100000",
        ["Email:StatusReadsPerMinute"] = "100000",
        ["Email:StatusReadsPerHour"] = "100000",
    };

    /// <summary>The access key (base64) requests must be signed with; the client's <c>acs-access-key</c> secret must match.</summary>
    public string AccessKey { get; set; } = "";

    /// <summary>Where accepted messages are written as .eml files (e.g. <c>.local/mailbox</c>).</summary>
    public string MailboxDirectory { get; set; } = "";

    /// <summary>The endpoint's public URL, on which Operation-Location is built (never from the request's Host).</summary>
    public string PublicBaseUrl { get; set; } = "";

    /// <summary>How far x-ms-date may be from the local clock, as the service allows.</summary>
    public TimeSpan AllowedClockSkew { get; set; } = TimeSpan.FromMinutes(15);

    /// <summary>The api-version values the service serves for Email (the GA versions).</summary>
    public IReadOnlyList<string> ApiVersions { get; set; } = ["2023-03-31", "2025-09-01"];

    public int SendsPerMinute { get; set; } = 5;

    public int SendsPerHour { get; set; } = 10;

    public int StatusReadsPerMinute { get; set; } = 10;

    public int StatusReadsPerHour { get; set; } = 20;

    /// <summary>
    /// Divides the quota windows (a minute, an hour) so a burst can be measured in minutes instead of days; above 1,
    /// delays are also sent as <c>retry-after-ms</c>, since whole seconds would round them away.
    /// </summary>
    public double TimeScale { get; set; } = 1;

    /// <summary>How long an accepted operation reports NotStarted, then Running, before it ends.</summary>
    public TimeSpan NotStartedFor { get; set; } = TimeSpan.FromSeconds(1);

    public TimeSpan RunningFor { get; set; } = TimeSpan.FromSeconds(2);

    /// <summary>The retry-after sent with a non-terminal status (the 202 and status reads).</summary>
    public TimeSpan StatusRetryAfter { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>How long a Repeatability-Request-ID is tracked (5 minutes for Email Send).</summary>
    public TimeSpan RepeatabilityWindow { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>Recipients across to, cc and bcc (ACS size limits: 50).</summary>
    public int MaxRecipients { get; set; } = 50;

    /// <summary>Whole request size, attachments included (ACS size limits: 10 MB).</summary>
    public int MaxRequestBytes { get; set; } = 10 * 1024 * 1024;

    internal TimeSpan Scaled(TimeSpan window) => TimeSpan.FromTicks((long)(window.Ticks / TimeScale));
}
