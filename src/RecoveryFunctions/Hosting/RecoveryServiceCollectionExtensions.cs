using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace RecoveryFunctions.Hosting;

/// <summary>The one service graph, shared by the function app and the local host.</summary>
public static class RecoveryServiceCollectionExtensions
{
    public static IServiceCollection AddRecoveryServices(this IServiceCollection services, IConfiguration configuration, IHostEnvironment environment)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        ArgumentNullException.ThrowIfNull(environment);
        return services;
    }
}
