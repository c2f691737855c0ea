namespace RecoveryFunctions.Core.Options;

/// <summary>Front-end origins allowed to call the API from a browser.</summary>
public sealed class CorsOptions
{
    public const string SectionName = "Cors";

    public string[] AllowedOrigins { get; set; } = [];
}
