using Microsoft.Extensions.DependencyInjection;

namespace RecoveryFunctions.Benchmarks;

/// <summary>Wraps an app service the benchmarks observe (the hasher, the captcha renderer) in their own decorator, keeping the app's implementation inside.</summary>
internal static class ServiceDecoration
{
    /// <summary>Replaces the last registration of <typeparamref name="T"/> by a singleton: <paramref name="decorate"/> applied to what it built.</summary>
    public static void Replace<T>(IServiceCollection services, Func<T, T> decorate)
        where T : class
    {
        var app = Take<T>(services);
        services.AddSingleton(provider => decorate(app(provider)));
    }

    /// <summary>Removes the last registration of <typeparamref name="T"/> and says how to build what it registered.</summary>
    public static Func<IServiceProvider, T> Take<T>(IServiceCollection services)
        where T : class
    {
        var registered = services.Last(d => d.ServiceType == typeof(T));
        services.Remove(registered);
        return provider => registered.ImplementationInstance as T
            ?? (T)(registered.ImplementationFactory?.Invoke(provider) ?? ActivatorUtilities.CreateInstance(provider, registered.ImplementationType!));
    }
}
