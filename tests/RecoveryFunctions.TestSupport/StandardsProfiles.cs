using System.Net;

namespace RecoveryFunctions.TestSupport;

/// <summary>The settings that put a system under test on the ASVS profile: the profile, and emailed codes of 10 minutes (ASVS 6.5.5).</summary>
public static class StandardsProfiles
{
    public static IReadOnlyDictionary<string, string?> Asvs { get; } = new Dictionary<string, string?>
    {
        ["Recovery:Profile"] = "Asvs",
        ["Recovery:RecoveryLinkLifetime"] = "00:10:00",
        ["Recovery:EmailChangeLinkLifetime"] = "00:10:00",
    };

    /// <summary>What <c>GET /api/profile</c> answers (200), as sent.</summary>
    public static async Task<string> ReadAsync(HttpClient client)
    {
        ArgumentNullException.ThrowIfNull(client);
        using var response = await client.GetAsync(new Uri("/api/profile", UriKind.Relative));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return await response.Content.ReadAsStringAsync();
    }
}
