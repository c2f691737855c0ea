using Microsoft.AspNetCore.Http;
using RecoveryFunctions.Assistance;
using RecoveryFunctions.Core.Assistance;

namespace RecoveryFunctions.Http;

/// <summary>
/// The gate of every agent call: bearer token first (401/403), then the X-Assistance-Reason header (400),
/// both before the handler reads or writes anything. HTTP header values are ASCII, so a reason with accents
/// travels as an RFC 8187 extended value: <c>UTF-8''</c> followed by the percent-encoded UTF-8 text.
/// </summary>
internal static class AssistanceEndpoint
{
    public const string ReasonHeader = "X-Assistance-Reason";
    private const string Utf8ExtendedValue = "UTF-8''";

    public static Task<IResult> HandleAsync(HttpRequest request, AgentAuthenticator authenticator, Func<AgentRequest, Task<IResult>> handler, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(authenticator);
        ArgumentNullException.ThrowIfNull(handler);
        return ApiEndpoint.HandleAsync(request, async () =>
        {
            var agent = await authenticator.AuthenticateAsync(BearerToken.Of(request), cancellationToken);
            var headers = request.Headers[ReasonHeader];
            var reason = AssistanceReason.Require(headers.Count == 1 ? Decode(headers[0]) : null);
            return await handler(new AgentRequest(agent, reason));
        });
    }

    private static string? Decode(string? value)
        => value is not null && value.StartsWith(Utf8ExtendedValue, StringComparison.OrdinalIgnoreCase)
            ? Uri.UnescapeDataString(value[Utf8ExtendedValue.Length..])
            : value;
}
