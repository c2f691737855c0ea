namespace RecoveryFunctions.HostSubstitute;

/// <summary>
/// The Functions host's Kestrel settings, and nothing more. The host (Azure/azure-functions-host,
/// src/WebJobs.Script.WebHost/Program.cs) sets only <c>Limits.MaxRequestBodySize</c> to
/// <c>ScriptConstants.DefaultMaxRequestBodySize</c> (104,857,600 bytes) and leaves every HTTP/1.1 parsing rule at
/// Kestrel's default, which this host therefore keeps too: a bare LF ends a request or header line (RFC 9112 §2.2;
/// the <c>Microsoft.AspNetCore.Server.Kestrel.DisableHttp1LineFeedTerminators</c> switch is not set there), a request
/// with Transfer-Encoding and Content-Length is framed by Transfer-Encoding with the length moved to
/// <c>X-Content-Length</c>, and one whose final transfer coding is not chunked is a 400 before any app code runs.
/// </summary>
public static class FunctionsHostKestrel
{
    public const long MaxRequestBodySize = 104_857_600;

    public static IWebHostBuilder UseFunctionsHostKestrelSettings(this IWebHostBuilder builder)
        => builder.ConfigureKestrel(options => options.Limits.MaxRequestBodySize = MaxRequestBodySize);
}
