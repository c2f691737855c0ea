using Microsoft.AspNetCore.Http;

namespace RecoveryFunctions.Http;

/// <summary>
/// The caller's IP for per-IP throttles. Behind Azure's front ends the platform appends the client to
/// X-Forwarded-For, so the last entry is the one a client cannot forge; locally it is the socket peer.
/// </summary>
internal static class ClientAddress
{
    public static string Of(HttpRequest request)
    {
        var forwarded = request.Headers["X-Forwarded-For"].ToString();
        if (!string.IsNullOrWhiteSpace(forwarded))
        {
            var last = forwarded.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).LastOrDefault();
            if (!string.IsNullOrEmpty(last))
            {
                return last;
            }
        }

        return request.HttpContext.Connection.RemoteIpAddress?.ToString() ?? "unknown";
    }
}
