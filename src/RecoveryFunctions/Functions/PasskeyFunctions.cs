using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http;
using Microsoft.Azure.Functions.Worker;
using RecoveryFunctions.Core.AccountSpace;
using RecoveryFunctions.Core.Passkeys;
using RecoveryFunctions.Core.Sessions;
using RecoveryFunctions.Http;
using RecoveryFunctions.OpenApi;

namespace RecoveryFunctions.Functions;

// Passkeys (docs/security/passkeys.md): made and managed in the account space, used to sign in.

/// <summary>POST /api/account/passkeys/options: the current password again, then WebAuthn creation options (JSON form, binary fields base64url).</summary>
public sealed class PasskeyCreationOptionsFunction(SessionService sessions, PasskeyService passkeys)
{
    [RequestBody(typeof(PasskeyCreationOptionsBody))]
    [Caller(CallerKind.Session)]
    [ApiResponse(StatusCodes.Status200OK, typeof(JsonObject))]
    [Step(typeof(PasskeyService), nameof(PasskeyService.BeginRegistrationAsync))]
    [Function(nameof(PasskeyCreationOptionsFunction))]
    public Task<IResult> RunAsync([HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "account/passkeys/options")] HttpRequest request, CancellationToken cancellationToken)
        => ApiEndpoint.HandleSignedInAsync<PasskeyCreationOptionsBody>(request, sessions, async (account, body) =>
            ApiResults.Ok(JsonNode.Parse(await passkeys.BeginRegistrationAsync(account, body.CurrentPassword, cancellationToken))!), cancellationToken);
}

/// <summary>POST /api/account/passkeys: the browser's RegistrationResponseJSON; 201 with the new passkey (the holder is emailed).</summary>
public sealed class CreatePasskeyFunction(SessionService sessions, PasskeyService passkeys)
{
    [RequestBody(typeof(CreatePasskeyBody))]
    [Caller(CallerKind.Session)]
    [ApiResponse(StatusCodes.Status201Created, typeof(PasskeyView))]
    [Step(typeof(PasskeyService), nameof(PasskeyService.FinishRegistrationAsync))]
    [Function(nameof(CreatePasskeyFunction))]
    public Task<IResult> RunAsync([HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "account/passkeys")] HttpRequest request, CancellationToken cancellationToken)
        => ApiEndpoint.HandleSignedInAsync<CreatePasskeyBody>(request, sessions, async (account, body) =>
            ApiResults.Created(PasskeyView.Of(await passkeys.FinishRegistrationAsync(account, body.Credential.ToJsonString(), body.Name, cancellationToken))), cancellationToken);
}

/// <summary>GET /api/account/passkeys: the holder's passkeys (names and dates; never a key).</summary>
public sealed class ListPasskeysFunction(SessionService sessions)
{
    [Caller(CallerKind.Session)]
    [ApiResponse(StatusCodes.Status200OK, typeof(IReadOnlyList<PasskeyView>))]
    [Function(nameof(ListPasskeysFunction))]
    public Task<IResult> RunAsync([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "account/passkeys")] HttpRequest request, CancellationToken cancellationToken)
        => ApiEndpoint.HandleAsync(request, async () =>
        {
            var account = await sessions.AuthenticateAsync(BearerToken.Of(request), cancellationToken);
            return ApiResults.Ok(account.Passkeys.Select(PasskeyView.Of).ToList());
        });
}

/// <summary>PATCH /api/account/passkeys/{id}: a new name.</summary>
public sealed class RenamePasskeyFunction(SessionService sessions, PasskeyService passkeys)
{
    [RequestBody(typeof(RenamePasskeyBody))]
    [Caller(CallerKind.Session)]
    [ApiResponse(StatusCodes.Status200OK, typeof(PasskeyView))]
    [Step(typeof(PasskeyService), nameof(PasskeyService.RenameAsync))]
    [Function(nameof(RenamePasskeyFunction))]
    public Task<IResult> RunAsync([HttpTrigger(AuthorizationLevel.Anonymous, "patch", Route = "account/passkeys/{id}")] HttpRequest request, string id, CancellationToken cancellationToken)
        => PasskeyRoute.IsCreationOptions(id) ? Task.FromResult(PasskeyRoute.NotServed) : ApiEndpoint.HandleSignedInAsync<RenamePasskeyBody>(request, sessions, async (account, body) =>
            ApiResults.Ok(PasskeyView.Of(await passkeys.RenameAsync(account, id, body.Name, cancellationToken))), cancellationToken);
}

/// <summary>DELETE /api/account/passkeys/{id}: 204; the key no longer signs in and the holder is emailed.</summary>
public sealed class DeletePasskeyFunction(SessionService sessions, PasskeyService passkeys)
{
    [Caller(CallerKind.Session)]
    [ApiResponse(StatusCodes.Status204NoContent)]
    [Step(typeof(PasskeyService), nameof(PasskeyService.RemoveAsync))]
    [Function(nameof(DeletePasskeyFunction))]
    public Task<IResult> RunAsync([HttpTrigger(AuthorizationLevel.Anonymous, "delete", Route = "account/passkeys/{id}")] HttpRequest request, string id, CancellationToken cancellationToken)
        => PasskeyRoute.IsCreationOptions(id) ? Task.FromResult(PasskeyRoute.NotServed) : ApiEndpoint.HandleAsync(request, async () =>
        {
            var account = await sessions.AuthenticateAsync(BearerToken.Of(request), cancellationToken);
            await passkeys.RemoveAsync(account, id, cancellationToken);
            return ApiResults.NoContent();
        });
}

/// <summary>POST /api/sessions/passkey/options: a single-use ceremony for any discoverable passkey (counts against the client's sign-in attempts).</summary>
public sealed class PasskeySignInOptionsFunction(PasskeySignIn signIn)
{
    [ApiResponse(StatusCodes.Status200OK, typeof(PasskeyCeremonyResponse))]
    [Step(typeof(PasskeySignIn), nameof(PasskeySignIn.BeginAsync))]
    [Function(nameof(PasskeySignInOptionsFunction))]
    public Task<IResult> RunAsync([HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "sessions/passkey/options")] HttpRequest request, CancellationToken cancellationToken)
        => ApiEndpoint.HandleAsync(request, async () =>
        {
            var challenge = await signIn.BeginAsync(ClientAddress.Of(request), cancellationToken);
            return ApiResults.Ok(new PasskeyCeremonyResponse(challenge.CeremonyId, JsonNode.Parse(challenge.OptionsJson)!.AsObject()));
        });
}

/// <summary>POST /api/sessions/passkey: the browser's AuthenticationResponseJSON; 201 with a session, or one 401 for every failure.</summary>
public sealed class CreatePasskeySessionFunction(PasskeySignIn signIn)
{
    [RequestBody(typeof(PasskeySignInBody))]
    [ApiResponse(StatusCodes.Status201Created, typeof(SessionResponse))]
    [Step(typeof(PasskeySignIn), nameof(PasskeySignIn.SignInAsync))]
    [Function(nameof(CreatePasskeySessionFunction))]
    public Task<IResult> RunAsync([HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "sessions/passkey")] HttpRequest request, CancellationToken cancellationToken)
        => ApiEndpoint.HandleAsync(request, async () =>
        {
            var body = await JsonBody.ReadAsync<PasskeySignInBody>(request, cancellationToken);
            var grant = await signIn.SignInAsync(body.CeremonyId, body.Credential.ToJsonString(), ClientAddress.Of(request), cancellationToken);
            return ApiResults.Created(new SessionResponse(grant.SessionToken, grant.ExpiresAt));
        });
}

/// <summary>
/// <c>account/passkeys/{id}</c> also matches <c>account/passkeys/options</c>, which only POST serves: other methods there
/// get the host's empty 404, as on any undeclared route (no credential id is "options": ids are base64url of 16 bytes or more).
/// </summary>
internal static class PasskeyRoute
{
    public static readonly IResult NotServed = Results.NotFound();

    public static bool IsCreationOptions(string id) => string.Equals(id, "options", StringComparison.OrdinalIgnoreCase);
}

public sealed record PasskeyCreationOptionsBody(string CurrentPassword);

/// <param name="Credential">The browser's RegistrationResponseJSON (PublicKeyCredential.toJSON()).</param>
/// <param name="Name">What the holder calls the key; "Clé d'accès n" when absent.</param>
public sealed record CreatePasskeyBody(JsonObject Credential, string? Name = null);

public sealed record RenamePasskeyBody(string Name);

/// <param name="Credential">The browser's AuthenticationResponseJSON (PublicKeyCredential.toJSON()).</param>
public sealed record PasskeySignInBody(string CeremonyId, JsonObject Credential);

/// <summary>The ceremony to answer and the request options (JSON form of PublicKeyCredentialRequestOptions) for navigator.credentials.get.</summary>
public sealed record PasskeyCeremonyResponse(string CeremonyId, JsonObject Options);

/// <summary>A passkey as the holder sees it: its credential id, name and dates.</summary>
public sealed record PasskeyView(string Id, string Name, DateTimeOffset CreatedAt, DateTimeOffset? LastUsedAt)
{
    public static PasskeyView Of(Passkey passkey)
    {
        ArgumentNullException.ThrowIfNull(passkey);
        return new(passkey.Id, passkey.Name, passkey.CreatedAt, passkey.LastUsedAt);
    }
}
