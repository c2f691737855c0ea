using System.Net;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace RecoveryFunctions.TestSupport;

/// <summary>Passkey calls over HTTP (docs/security/passkeys.md), answered by a <see cref="SoftPasskey"/>.</summary>
public static class PasskeyCalls
{
    /// <summary>POST /api/account/passkeys/options then /api/account/passkeys: <paramref name="key"/> made for the signed-in account.</summary>
    public static Task<JsonElement> CreatePasskeyAsync(this LocalHostFixture host, SoftPasskey key, string session, string currentPassword = Journeys.Password, string? name = null)
        => (host ?? throw new ArgumentNullException(nameof(host))).Client.CreatePasskeyAsync(key, session, currentPassword, name);

    /// <inheritdoc cref="CreatePasskeyAsync(LocalHostFixture, SoftPasskey, string, string, string?)"/>
    public static async Task<JsonElement> CreatePasskeyAsync(this HttpClient client, SoftPasskey key, string session, string currentPassword = Journeys.Password, string? name = null)
    {
        ArgumentNullException.ThrowIfNull(client);
        ArgumentNullException.ThrowIfNull(key);
        JsonNode options;
        using (var begun = await client.PostJsonAsync("/api/account/passkeys/options", new { currentPassword }, session))
        {
            Assert.Equal(HttpStatusCode.OK, begun.StatusCode);
            options = JsonNode.Parse(await begun.Content.ReadAsStringAsync())!;
        }

        using var created = await client.PostJsonAsync("/api/account/passkeys", new JsonObject { ["credential"] = key.Register(options), ["name"] = name }, session);
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        return await created.JsonAsync();
    }

    /// <summary>POST /api/password-recovery/factor/passkey/options: a ceremony for the account of a flow at the factor stage.</summary>
    public static async Task<(string CeremonyId, JsonNode Options)> FactorCeremonyAsync(this HttpClient client, string flowId)
    {
        using var begun = await client.PostJsonAsync("/api/password-recovery/factor/passkey/options", new { flowId });
        Assert.Equal(HttpStatusCode.OK, begun.StatusCode);
        var body = JsonNode.Parse(await begun.Content.ReadAsStringAsync())!;
        return (body["ceremonyId"]!.GetValue<string>(), body["options"]!);
    }
}
