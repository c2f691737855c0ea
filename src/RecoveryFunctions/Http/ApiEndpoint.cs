using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using RecoveryFunctions.Core.Accounts;
using RecoveryFunctions.Core.Errors;
using RecoveryFunctions.Core.Sessions;
using RecoveryFunctions.Core.Telemetry;

namespace RecoveryFunctions.Http;

/// <summary>Runs a function body and turns domain refusals into problem responses (the one mapping place).</summary>
internal static class ApiEndpoint
{
    public static async Task<IResult> HandleAsync(HttpRequest request, Func<Task<IResult>> handler)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(handler);
        try
        {
            return await handler();
        }
        catch (DomainException e)
        {
            request.HttpContext.RequestServices.GetRequiredService<RecoveryMetrics>().Refuse(e.Code);
            return ApiResults.Problem(request, e);
        }
    }

    /// <summary>An account-space call: the strict body first (bad input is refused without a session), then the session.</summary>
    public static Task<IResult> HandleSignedInAsync<TBody>(HttpRequest request, SessionService sessions, Func<Account, TBody, Task<IResult>> handler, CancellationToken cancellationToken)
        where TBody : class
    {
        ArgumentNullException.ThrowIfNull(sessions);
        ArgumentNullException.ThrowIfNull(handler);
        return HandleAsync(request, async () =>
        {
            var body = await JsonBody.ReadAsync<TBody>(request, cancellationToken);
            var account = await sessions.AuthenticateAsync(BearerToken.Of(request), cancellationToken);
            return await handler(account, body);
        });
    }
}
