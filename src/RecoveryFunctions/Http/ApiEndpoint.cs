using Microsoft.AspNetCore.Http;
using RecoveryFunctions.Core.Errors;

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
            return ApiResults.Problem(request, e);
        }
    }
}
