using Microsoft.Extensions.FileProviders;
using Microsoft.Extensions.Hosting;

namespace RecoveryFunctions.TestSupport;

/// <summary>An environment to hand the service graph without a host (Production unless told otherwise).</summary>
public sealed class TestHostEnvironment(string environmentName = "Production") : IHostEnvironment
{
    public string EnvironmentName { get; set; } = environmentName;

    public string ApplicationName { get; set; } = "RecoveryFunctions.Tests";

    public string ContentRootPath { get; set; } = AppContext.BaseDirectory;

    public IFileProvider ContentRootFileProvider { get; set; } = new NullFileProvider();
}
