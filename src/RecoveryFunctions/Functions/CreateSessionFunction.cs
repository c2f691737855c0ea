using Microsoft.AspNetCore.Http;
using Microsoft.Azure.Functions.Worker;
using RecoveryFunctions.Core.Sessions;
using RecoveryFunctions.Functions.Contracts;
using RecoveryFunctions.Http;
using RecoveryFunctions.OpenApi;

namespace RecoveryFunctions.Functions;

/// <summary>POST /api/sessions: sign-in; wrong password, unknown address and lock all answer the same 401; 429 past the per-client limit.</summary>
public sealed class CreateSessionFunction(SignInService signIn)
{
    [RequestBody(typeof(SignInBody))]
    [Function(nameof(CreateSessionFunction))]
    public Task<IResult> RunAsync([HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "sessions")] HttpRequest request, CancellationToken cancellationToken)
        => ApiEndpoint.HandleAsync(request, async () =>
        {
            var body = await JsonBody.ReadAsync<SignInBody>(request, cancellationToken);
            return ApiResults.Created(await signIn.SignInAsync(body.Email, body.Password, ClientAddress.Of(request), cancellationToken));
        });
}
