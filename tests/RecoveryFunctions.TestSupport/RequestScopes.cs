using System.Collections.Concurrent;
using Microsoft.Extensions.DependencyInjection;

namespace RecoveryFunctions.TestSupport;

/// <summary>
/// Simulated requests on an app's root provider: each <see cref="Request{T}"/> opens a new DI scope, as the worker does
/// per invocation, so two calls are two requests (each reads the key ring once; a rotation between them is seen). The
/// scopes are disposed with this object, i.e. with the fixture that owns it.
/// </summary>
public sealed class RequestScopes(Func<IServiceProvider> root) : IAsyncDisposable
{
    private readonly ConcurrentBag<AsyncServiceScope> _scopes = [];

    /// <summary><typeparamref name="T"/> resolved in a new request's scope (<c>IServiceProvider</c> gives the scope itself).</summary>
    public T Request<T>()
        where T : notnull
    {
        var scope = root().CreateAsyncScope();
        _scopes.Add(scope);
        return scope.ServiceProvider.GetRequiredService<T>();
    }

    public async ValueTask DisposeAsync()
    {
        while (_scopes.TryTake(out var scope))
        {
            await scope.DisposeAsync();
        }
    }
}
