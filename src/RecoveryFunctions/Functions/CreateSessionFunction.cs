using Microsoft.AspNetCore.Http;
using Microsoft.Azure.Functions.Worker;
using RecoveryFunctions.Core.Sessions;
using RecoveryFunctions.Http;
using RecoveryFunctions.OpenApi;

namespace RecoveryFunctions.Functions;

/// <summary>POST /api/sessions: sign-in; wrong password, unknown address and lock all answer the same 401; 429 past the per-client limit.</summary>
public sealed class CreateSessionFunction(SignInService signIn)
{
    [RequestBody(typeof(SignInBody))]
    [ApiResponse(StatusCodes.Status201Created, typeof(SessionResponse))]
    [Step(typeof(SignInService), nameof(SignInService.SignInAsync))]
    [Function(nameof(CreateSessionFunction))]
    public Task<IResult> RunAsync([HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "sessions")] HttpRequest request, CancellationToken cancellationToken)
        => ApiEndpoint.HandleAsync(request, async () =>
        {
            var body = await JsonBody.ReadAsync<SignInBody>(request, cancellationToken);
            var grant = await signIn.SignInAsync(body.Email, body.Password, ClientAddress.Of(request), cancellationToken);
            return ApiResults.Created(new SessionResponse(grant.SessionToken, grant.ExpiresAt));
        });
}

public sealed record SignInBody(string Email, string Password);

/// <summary>The opaque session token (sent back as <c>Authorization: Bearer</c>) and when it lapses.</summary>
public sealed record SessionResponse(string SessionToken, DateTimeOffset ExpiresAt);
