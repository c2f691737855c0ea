using System.Xml.Linq;
using RecoveryFunctions.Core.Options;
using RecoveryFunctions.DevServices.Azurite;

namespace RecoveryFunctions.Tests.Core;

/// <summary>
/// Core is the domain: no Azure SDK, no Functions or ASP.NET hosting, no timer scheduler, no configuration binding.
/// Its project and its compiled references stay within these lists; widening them is a decision, made here.
/// </summary>
public sealed class CoreDependenciesTests
{
    /// <summary>Packages Core's project may reference: cryptography, phone numbers, and the options and logging abstractions.</summary>
    private static readonly string[] AllowedPackages =
    [
        "NSec.Cryptography",
        "libphonenumber-csharp",
        "Microsoft.Extensions.Options",
        "Microsoft.Extensions.Logging.Abstractions",
    ];

    /// <summary>Assemblies the compiled Core may reference besides the base class library (<c>System.*</c>).</summary>
    private static readonly string[] AllowedAssemblies =
    [
        "NSec.Cryptography",
        "PhoneNumbers",
        "Microsoft.Extensions.Options",
        "Microsoft.Extensions.Logging.Abstractions",
        "Microsoft.Extensions.Primitives",
        "Microsoft.Extensions.DependencyInjection.Abstractions",
    ];

    [Fact]
    public void Project_References_OnlyAllowedPackages()
    {
        var project = XDocument.Load(Path.Combine(RepositoryRoot.Find(), "src", "RecoveryFunctions.Core", "RecoveryFunctions.Core.csproj"));

        var packages = project.Descendants("PackageReference").Select(r => (string?)r.Attribute("Include") ?? "").ToList();
        var others = project.Descendants().Where(e => e.Name.LocalName is "ProjectReference" or "FrameworkReference" or "Reference").Select(e => (string?)e.Attribute("Include")).ToList();

        Assert.NotEmpty(packages);
        var outside = packages.Where(p => !AllowedPackages.Contains(p, StringComparer.OrdinalIgnoreCase)).ToList();
        Assert.True(outside.Count == 0, $"Core references packages outside its allow-list: {string.Join(", ", outside)}");
        Assert.True(others.Count == 0, $"Core references other projects, frameworks or assemblies: {string.Join(", ", others)}");
    }

    [Fact]
    public void Assembly_References_OnlyBaseLibraryAndAllowed()
    {
        var references = typeof(RecoveryOptions).Assembly.GetReferencedAssemblies().Select(a => a.Name ?? "").ToList();

        Assert.Contains("NSec.Cryptography", references);
        var outside = references
            .Where(name => name is not ("System" or "netstandard" or "mscorlib") && !name.StartsWith("System.", StringComparison.Ordinal))
            .Where(name => !AllowedAssemblies.Contains(name, StringComparer.Ordinal))
            .ToList();
        Assert.True(outside.Count == 0, $"Core's assembly references outside its allow-list: {string.Join(", ", outside)}");
    }
}
