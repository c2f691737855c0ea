using System.Text.RegularExpressions;
using Microsoft.Extensions.Configuration;

namespace RecoveryFunctions.HostSubstitute;

/// <summary>Resolves %setting% references in trigger attributes from configuration, as the Functions host does.</summary>
public static partial class BindingExpression
{
    public static string Resolve(string value, IConfiguration configuration)
        => Setting().Replace(value, m => configuration[m.Groups[1].Value]
            ?? throw new InvalidOperationException($"Binding expression '%{m.Groups[1].Value}%' has no setting."));

    [GeneratedRegex("%([^%]+)%")]
    private static partial Regex Setting();
}
