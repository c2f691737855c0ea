using Microsoft.AspNetCore.Http;
using Microsoft.Azure.Functions.Worker;
using Microsoft.Extensions.DependencyInjection;
using RecoveryFunctions.Core.Errors;
using RecoveryFunctions.Core.FranceConnect;
using RecoveryFunctions.Core.Notifications;
using RecoveryFunctions.Core.Sessions;
using RecoveryFunctions.Core.Telemetry;
using RecoveryFunctions.Http;
using RecoveryFunctions.OpenApi;

namespace RecoveryFunctions.Functions;

// FranceConnect as a way back (docs/security/franceconnect.md): bound and unlinked in the account space; the provider
// sends the browser back to the callback, which ends on a front-end page after FranceConnect's logout.

/// <summary>GET /api/account/franceconnect: whether the account is bound to a FranceConnect identity (never the identity).</summary>
public sealed class GetFranceConnectStatusFunction(SessionService sessions, FranceConnectLinks links)
{
    [Caller(CallerKind.Session)]
    [ApiResponse(StatusCodes.Status200OK, typeof(FranceConnectStatus))]
    [Function(nameof(GetFranceConnectStatusFunction))]
    public Task<IResult> RunAsync([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "account/franceconnect")] HttpRequest request, CancellationToken cancellationToken)
        => ApiEndpoint.HandleAsync(request, async () =>
            ApiResults.Ok(await links.StatusAsync(await sessions.AuthenticateAsync(BearerToken.Of(request), cancellationToken), cancellationToken)));
}

/// <summary>POST /api/account/franceconnect: the current password again, then where to send the browser to bind an identity.</summary>
public sealed class BindFranceConnectFunction(SessionService sessions, FranceConnectLinks links)
{
    [RequestBody(typeof(BindFranceConnectBody))]
    [Caller(CallerKind.Session)]
    [ApiResponse(StatusCodes.Status200OK, typeof(FranceConnectRedirect))]
    [Step(typeof(FranceConnectLinks), nameof(FranceConnectLinks.BeginBindAsync))]
    [Function(nameof(BindFranceConnectFunction))]
    public Task<IResult> RunAsync([HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "account/franceconnect")] HttpRequest request, CancellationToken cancellationToken)
        => ApiEndpoint.HandleSignedInAsync<BindFranceConnectBody>(request, sessions, async (account, body) =>
            ApiResults.Ok(new FranceConnectRedirect((await links.BeginBindAsync(account, body.CurrentPassword, cancellationToken)).ToString())), cancellationToken);
}

/// <summary>DELETE /api/account/franceconnect: 204; the identity no longer resets the password and the holder is emailed.</summary>
public sealed class UnbindFranceConnectFunction(SessionService sessions, FranceConnectLinks links)
{
    [Caller(CallerKind.Session)]
    [ApiResponse(StatusCodes.Status204NoContent)]
    [Step(typeof(FranceConnectLinks), nameof(FranceConnectLinks.UnbindAsync))]
    [Function(nameof(UnbindFranceConnectFunction))]
    public Task<IResult> RunAsync([HttpTrigger(AuthorizationLevel.Anonymous, "delete", Route = "account/franceconnect")] HttpRequest request, CancellationToken cancellationToken)
        => ApiEndpoint.HandleAsync(request, async () =>
        {
            await links.UnbindAsync(await sessions.AuthenticateAsync(BearerToken.Of(request), cancellationToken), cancellationToken);
            return ApiResults.NoContent();
        });
}

/// <summary>
/// GET /api/franceconnect/callback?code&amp;state (or ?error&amp;state): the registered redirect URI. A browser
/// navigation, so it answers 303: to FranceConnect's logout once a code was redeemed, else straight to the
/// front-end page that explains the failure (<c>/franceconnect/?erreur=code</c>).
/// </summary>
public sealed class FranceConnectCallbackFunction(FranceConnectLinks links, Notifier notifier)
{
    [ApiResponse(StatusCodes.Status303SeeOther)]
    [Step(typeof(FranceConnectLinks), nameof(FranceConnectLinks.CompleteAsync))]
    [Function(nameof(FranceConnectCallbackFunction))]
    public async Task<IResult> RunAsync([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "franceconnect/callback")] HttpRequest request, CancellationToken cancellationToken)
    {
        try
        {
            var outcome = await links.CompleteAsync(Single(request, "code"), Single(request, "state"), cancellationToken);
            return SeeOther(outcome.LogoutUrl.ToString());
        }
        catch (DomainException e)
        {
            request.HttpContext.RequestServices.GetRequiredService<RecoveryMetrics>().Refuse(e.Code);
            return SeeOther(FranceConnectPages.For(notifier, e.Code));
        }
    }

    private static string? Single(HttpRequest request, string name) => request.Query[name] is { Count: 1 } value ? value[0] : null;

    internal static IResult SeeOther(string url) => new SeeOtherResult(url);

    private sealed class SeeOtherResult(string url) : IResult
    {
        public Task ExecuteAsync(HttpContext httpContext)
        {
            httpContext.Response.StatusCode = StatusCodes.Status303SeeOther;
            httpContext.Response.Headers.Location = url;
            httpContext.Response.Headers.CacheControl = "no-store";
            return Task.CompletedTask;
        }
    }
}

/// <summary>POST /api/password-recovery/franceconnect: "Se connecter avec FranceConnect"; where to send the browser (counted per client).</summary>
public sealed class StartFranceConnectRecoveryFunction(FranceConnectRecovery recovery)
{
    [ApiResponse(StatusCodes.Status200OK, typeof(FranceConnectRedirect))]
    [Step(typeof(FranceConnectRecovery), nameof(FranceConnectRecovery.BeginAsync))]
    [Function(nameof(StartFranceConnectRecoveryFunction))]
    public Task<IResult> RunAsync([HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "password-recovery/franceconnect")] HttpRequest request, CancellationToken cancellationToken)
        => ApiEndpoint.HandleAsync(request, async () => ApiResults.Ok(new FranceConnectRedirect((await recovery.BeginAsync(ClientAddress.Of(request), cancellationToken)).ToString())));
}

/// <summary>POST /api/accounts/franceconnect: « S’identifier avec FranceConnect » on the registration page; where to send the browser (counted per client).</summary>
public sealed class StartFranceConnectRegistrationFunction(FranceConnectSignUp signUp)
{
    [ApiResponse(StatusCodes.Status200OK, typeof(FranceConnectRedirect))]
    [Step(typeof(FranceConnectSignUp), nameof(FranceConnectSignUp.BeginAsync))]
    [Function(nameof(StartFranceConnectRegistrationFunction))]
    public Task<IResult> RunAsync([HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "accounts/franceconnect")] HttpRequest request, CancellationToken cancellationToken)
        => ApiEndpoint.HandleAsync(request, async () => ApiResults.Ok(new FranceConnectRedirect((await signUp.BeginAsync(ClientAddress.Of(request), cancellationToken)).ToString())));
}

/// <summary>
/// GET /api/franceconnect/logged-out?state=…: FranceConnect's session ended; 303 to the page for the outcome, or, with
/// a recovery's resume state, to the password step with the new flow in the fragment (never in a URL a server sees),
/// or, with a registration's, to the registration form with its ticket and the email to prefill, in the fragment too.
/// </summary>
public sealed class FranceConnectLoggedOutFunction(FranceConnectLinks links, Notifier notifier)
{
    [ApiResponse(StatusCodes.Status303SeeOther)]
    [Step(typeof(FranceConnectLinks), nameof(FranceConnectLinks.ReturnAsync))]
    [Function(nameof(FranceConnectLoggedOutFunction))]
    public async Task<IResult> RunAsync([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "franceconnect/logged-out")] HttpRequest request, CancellationToken cancellationToken)
    {
        var state = request.Query["state"] is { Count: 1 } value ? value[0] : null;
        if (FranceConnectPages.IsOutcome(state))
        {
            return FranceConnectCallbackFunction.SeeOther(FranceConnectPages.For(notifier, state));
        }

        try
        {
            var back = await links.ReturnAsync(state, cancellationToken);
            return FranceConnectCallbackFunction.SeeOther(back switch
            {
                { Flow: { } flow } => notifier.FrontEndPage("mot-de-passe-oublie/") + Fragment(flow.FlowId, flow.ExpiresAt),
                { Ticket: { } ticket } => notifier.FrontEndPage("inscription/") + Fragment(ticket.Ticket, ticket.ExpiresAt)
                    + (ticket.Email is { } email ? "&email=" + Uri.EscapeDataString(email) : ""),
                _ => FranceConnectPages.For(notifier, ProblemCode.FranceConnectFailed.Value),
            });
        }
        catch (DomainException e)
        {
            request.HttpContext.RequestServices.GetRequiredService<RecoveryMetrics>().Refuse(e.Code);
            return FranceConnectCallbackFunction.SeeOther(FranceConnectPages.For(notifier, e.Code));
        }
    }

    private static string Fragment(string value, DateTimeOffset expiresAt)
        => "#franceconnect=" + Uri.EscapeDataString(value) + "&expiresAt=" + Uri.EscapeDataString(expiresAt.ToString("O", System.Globalization.CultureInfo.InvariantCulture));
}

/// <summary>
/// The front-end page each outcome lands on. The outcome travels in the logout's <c>state</c>, which anyone can forge,
/// so only known outcomes are honoured and a page only ever says what the API then confirms (the account page reloads
/// the binding's status).
/// </summary>
internal static class FranceConnectPages
{
    private static readonly HashSet<string> Problems = new(StringComparer.Ordinal)
    {
        FranceConnectRecovery.NoMatch,
        ProblemCode.FranceConnectFailed.Value,
        ProblemCode.FranceConnectUnavailable.Value,
        ProblemCode.FranceConnectAlreadyBound.Value,
        ProblemCode.SessionInvalid.Value,
    };

    /// <summary>A page's outcome rather than a recovery's resume state.</summary>
    public static bool IsOutcome(string? state) => state is FranceConnectLinks.Bound || (state is not null && Problems.Contains(state));

    public static string For(Notifier notifier, string? outcome) => outcome switch
    {
        FranceConnectLinks.Bound => notifier.FrontEndPage("compte/?franceconnect=" + FranceConnectLinks.Bound),
        { } problem when Problems.Contains(problem) => notifier.FrontEndPage("franceconnect/?erreur=" + problem),
        _ => notifier.FrontEndPage("franceconnect/?erreur=" + ProblemCode.FranceConnectFailed.Value),
    };
}

public sealed record BindFranceConnectBody(string CurrentPassword);

/// <summary>Where the browser goes next: FranceConnect's authorization endpoint with this request's state and nonce.</summary>
public sealed record FranceConnectRedirect(string AuthorizationUrl);
