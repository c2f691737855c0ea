using Microsoft.AspNetCore.Http;
using Microsoft.Azure.Functions.Worker;
using RecoveryFunctions.Assistance;
using RecoveryFunctions.Core.Assistance.Requests;
using RecoveryFunctions.Core.Captcha;
using RecoveryFunctions.Core.Errors;
using RecoveryFunctions.Http;
using RecoveryFunctions.OpenApi;

namespace RecoveryFunctions.Functions;

/// <summary>
/// GET /api/assistance/requests?status=open: open requests, oldest first. Paged: the response's
/// <c>X-Continuation-Token</c> header (a request reference, no personal data) goes back as <c>?continuationToken=</c>.
/// </summary>
public sealed class AssistanceRequestsFunction(AgentAuthenticator authenticator, AssistanceRequestService requests)
{
    public const string ContinuationHeader = "X-Continuation-Token";
    private const int DefaultPageSize = 50;

    [Caller(CallerKind.Agent)]
    [ApiResponse(StatusCodes.Status200OK, typeof(IReadOnlyList<AssistanceRequestView>))]
    [Step(typeof(AssistanceRequestService), nameof(AssistanceRequestService.ListOpenAsync))]
    [HttpRefuses(nameof(ProblemCode.ValidationFailed))]
    [Function(nameof(AssistanceRequestsFunction))]
    public Task<IResult> RunAsync([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "assistance/requests")] HttpRequest request, CancellationToken cancellationToken)
        => AssistanceEndpoint.HandleAsync(request, authenticator, async agent =>
        {
            if (request.Query["status"] is not { Count: 1 } status || status[0] != "open")
            {
                throw DomainException.Validation("status", FieldCodes.FieldInvalidType);
            }

            var continuation = request.Query["continuationToken"] is { Count: 1 } token ? token[0] : null;
            var size = request.Query["pageSize"] is { Count: 1 } sizeText ? (int.TryParse(sizeText[0], out var parsed) ? parsed : throw DomainException.Validation("pageSize", FieldCodes.FieldInvalidType)) : DefaultPageSize;
            var (items, next) = await requests.ListOpenAsync(agent, continuation, size, RequestLanguage.Of(request), cancellationToken);
            var views = items.Select(i => new AssistanceRequestView(
                i.Request.Reference, i.Request.ReceivedAt, i.Request.Topic, i.Request.Message, i.Request.Redacted, i.Request.Language,
                new AssistanceRequestContact(i.Request.ContactEmail, i.Request.ContactPhone),
                new AssistanceRequestIdentifiers(i.Request.SubscriberNumber, i.Request.Email),
                i.Request.Count, i.Request.LastReceivedAt, i.Request.FoldedReferences,
                new AssistanceRequestVolume(Counts(i.Volume.SubscriberNumber), Counts(i.Volume.Email)),
                i.Request.AssignedToName, i.Request.AssignedAt, i.Account is null ? null : AgentAccountResponse.From(i.Account))).ToList();
            return new ApiResult(StatusCodes.Status200OK, views, headers: next is null ? null : new Dictionary<string, string> { [ContinuationHeader] = next });
        }, cancellationToken);

    private static NamedRequestCounts? Counts(NamedVolume? volume) => volume is null ? null : new(volume.LastDay, volume.LastWeek);
}

/// <summary>
/// One open request as an agent sees it: the typed text as text (<c>redacted</c>: a password or answer of the account was
/// masked in it), how many identical submissions it stands for, how many requests named its account lately (an attack
/// shows as a volume), and the matched account's agent view if any.
/// </summary>
public sealed record AssistanceRequestView(
    string Reference,
    DateTimeOffset ReceivedAt,
    string Topic,
    string Message,
    bool Redacted,
    string Language,
    AssistanceRequestContact Contact,
    AssistanceRequestIdentifiers Typed,
    int Count,
    DateTimeOffset? LastReceivedAt,
    IReadOnlyList<string> FoldedReferences,
    AssistanceRequestVolume Volume,
    string? AssignedTo,
    DateTimeOffset? AssignedAt,
    AgentAccountResponse? Account);

/// <summary>Requests that named the account's (or else the typed) subscriber number and address: over the last 24 hours and 7 days, sliding.</summary>
public sealed record AssistanceRequestVolume(NamedRequestCounts? SubscriberNumber, NamedRequestCounts? Email);

public sealed record NamedRequestCounts(int LastDay, int LastWeek);

public sealed record AssistanceRequestContact(string? Email, string? Phone);

public sealed record AssistanceRequestIdentifiers(string? SubscriberNumber, string? Email);
