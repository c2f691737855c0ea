using Microsoft.Extensions.FileProviders;
using Microsoft.Extensions.Hosting;

namespace RecoveryFunctions.Tests.Assistance;

/// <summary>An environment named Production, as Azure runs the app.</summary>
internal sealed class ProductionEnvironment : IHostEnvironment
{
    public string EnvironmentName { get; set; } = Environments.Production;

    public string ApplicationName { get; set; } = "RecoveryFunctions";

    public string ContentRootPath { get; set; } = AppContext.BaseDirectory;

    public IFileProvider ContentRootFileProvider { get; set; } = new NullFileProvider();
}
