using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using Azure.Data.Tables;
using Microsoft.Extensions.DependencyInjection;
using RecoveryFunctions.Infrastructure.Storage;

namespace RecoveryFunctions.TestSupport;

/// <summary>Helpdesk agent calls over HTTP, with tokens from the local host's development issuer.</summary>
public static class AgentCalls
{
    public const string Reason = "Appel du titulaire, identité vérifiée par pièce d'identité";
    public const string AgentName = "Agent Test";

    /// <summary>POST /api/assistance/accounts/search: the look-up by email, the address in the body.</summary>
    public static Task<HttpResponseMessage> AgentSearchAsync(this LocalHostFixture host, string email, string? token, string? language = null)
        => host.AgentSendAsync(HttpMethod.Post, "/api/assistance/accounts/search", token, language: language, body: new { email });

    /// <summary>GET /api/assistance/accounts?subscriberNumber=: the agent view, which must be a 200.</summary>
    public static async Task<JsonElement> AgentLookUpAsync(this LocalHostFixture host, string subscriberNumber, string token)
    {
        using var response = await host.AgentSendAsync(HttpMethod.Get, "/api/assistance/accounts?subscriberNumber=" + subscriberNumber, token);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return await response.JsonAsync();
    }

    public static async Task<string> AgentTokenAsync(this LocalHostFixture host, string name = AgentName, string[]? roles = null)
    {
        using var response = await host.Client.PostJsonAsync("/dev-issuer/token", new { name, roles });
        response.EnsureSuccessStatusCode();
        return (await response.JsonAsync()).GetProperty("accessToken").GetString()!;
    }

    public static async Task<HttpResponseMessage> AgentSendAsync(this LocalHostFixture host, HttpMethod method, string path, string? token, string? reason = Reason, string? language = null, object? body = null)
    {
        using var request = new HttpRequestMessage(method, path);
        if (body is not null)
        {
            request.Content = JsonContent.Create(body);
        }

        if (token is not null)
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        }

        if (reason is not null)
        {
            // Header values are ASCII: accented reasons go as an RFC 8187 extended value.
            request.Headers.TryAddWithoutValidation("X-Assistance-Reason", reason.All(char.IsAscii) ? reason : "UTF-8''" + Uri.EscapeDataString(reason));
        }

        if (language is not null)
        {
            request.Headers.AcceptLanguage.ParseAdd(language);
        }

        return await host.Client.SendAsync(request);
    }

    /// <summary>The audit rows of one account, straight from the table, as "Key=Value|..." text.</summary>
    public static async Task<List<string>> AuditRowsAsync(this LocalHostFixture host, string subscriberNumber)
    {
        var names = host.Host.Services.GetRequiredService<TableNames>();
        var table = new TableClient(host.Host.StorageConnectionString, names.Audit);
        var rows = new List<string>();
        await foreach (var entity in table.QueryAsync<TableEntity>(TableClient.CreateQueryFilter($"PartitionKey eq {subscriberNumber}")))
        {
            rows.Add(string.Join("|", entity.Select(p => $"{p.Key}={p.Value}")));
        }

        return rows;
    }
}
