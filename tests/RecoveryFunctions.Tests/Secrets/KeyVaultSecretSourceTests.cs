using System.Net;
using System.Text;
using Azure;
using Azure.Core;
using Azure.Core.Pipeline;
using Azure.Security.KeyVault.Secrets;
using RecoveryFunctions.Infrastructure.Secrets;
using RecoveryFunctions.TestSupport;

namespace RecoveryFunctions.Tests.Secrets;

public sealed class KeyVaultSecretSourceTests
{
    private const string TenantId = "72f988bf-86f1-41af-91ab-2d7cd011db47";
    private const string Token = "fake-access-token";

    [Fact]
    public async Task GetSecretAsync_ChallengeThenSecret_ReturnsValueWithTokenForChallengedTenantAndScope()
    {
        // The Key Vault policy remembers challenges per host for the process, so each test uses its own vault name.
        var vault = UniqueVault();
        var handler = new StubHttpMessageHandler(request => request.Headers.Authorization is null
            ? Challenge()
            : Json(HttpStatusCode.OK, $$$"""
                {"value":"s3cr3t-value","id":"{{{vault}}}secrets/token-hmac-current/0f1e2d3c4b5a69788796a5b4c3d2e1f0",
                 "attributes":{"enabled":true,"created":1764000000,"updated":1764000000,"recoveryLevel":"Recoverable+Purgeable","recoverableDays":90},
                 "tags":{}}
                """));
        var credential = new FakeTokenCredential(Token);
        var source = new KeyVaultSecretSource(CreateClient(vault, credential, handler));

        var value = await source.GetSecretAsync("token-hmac-current");

        Assert.Equal("s3cr3t-value", value);
        var requests = handler.Requests.ToArray();
        Assert.Equal(2, requests.Length);
        Assert.Null(requests[0].Authorization);
        Assert.Equal($"Bearer {Token}", requests[1].Authorization);
        foreach (var request in requests)
        {
            Assert.Equal(HttpMethod.Get, request.Method);
            Assert.Equal(vault.Host, request.Uri.Host);
            // SDK 4.12 omits the empty version segment: /secrets/{name} means "latest version".
            Assert.Equal("/secrets/token-hmac-current", request.Uri.AbsolutePath.TrimEnd('/'));
            Assert.Contains("api-version=", request.Uri.Query, StringComparison.Ordinal);
        }

        var tokenRequest = Assert.Single(credential.Requests);
        Assert.Equal(["https://vault.azure.net/.default"], tokenRequest.Scopes);
        Assert.Equal(TenantId, tokenRequest.TenantId);
    }

    [Fact]
    public async Task GetSecretAsync_SecretNotFound_ReturnsNull()
    {
        var vault = UniqueVault();
        var handler = new StubHttpMessageHandler(request => request.Headers.Authorization is null
            ? Challenge()
            : Json(HttpStatusCode.NotFound, """
                {"error":{"code":"SecretNotFound","message":"A secret with (name/id) token-hmac-previous was not found in this key vault. If you recently deleted this secret you may be able to recover it using the correct recovery command. For help resolving this issue, please see https://go.microsoft.com/fwlink/?linkid=2125182"}}
                """));
        var source = new KeyVaultSecretSource(CreateClient(vault, new FakeTokenCredential(Token), handler));

        var value = await source.GetSecretAsync("token-hmac-previous");

        Assert.Null(value);
        Assert.Equal("/secrets/token-hmac-previous", handler.Requests.Last().Uri.AbsolutePath.TrimEnd('/'));
    }

    [Fact]
    public async Task GetSecretAsync_Forbidden_Throws()
    {
        var vault = UniqueVault();
        var handler = new StubHttpMessageHandler(request => request.Headers.Authorization is null
            ? Challenge()
            : Json(HttpStatusCode.Forbidden, """
                {"error":{"code":"Forbidden","message":"Caller is not authorized to perform action on resource.","innererror":{"code":"ForbiddenByRbac"}}}
                """));
        var source = new KeyVaultSecretSource(CreateClient(vault, new FakeTokenCredential(Token), handler));

        var error = await Assert.ThrowsAsync<RequestFailedException>(async () => await source.GetSecretAsync("acs-access-key"));

        Assert.Equal(403, error.Status);
    }

    private static Uri UniqueVault() => new($"https://kv-test-{Guid.NewGuid():N}".Substring(0, 30) + ".vault.azure.net/");

    private static SecretClient CreateClient(Uri vault, TokenCredential credential, HttpMessageHandler handler)
    {
        var options = new SecretClientOptions { Transport = new HttpClientTransport(handler) };
        options.Retry.MaxRetries = 0;
        return new SecretClient(vault, credential, options);
    }

    private static HttpResponseMessage Challenge()
    {
        var response = new HttpResponseMessage(HttpStatusCode.Unauthorized)
        {
            Content = new StringContent(
                """{"error":{"code":"Unauthorized","message":"AKV10000: Request is missing a Bearer or PoP token."}}""",
                Encoding.UTF8,
                "application/json"),
        };
        response.Headers.TryAddWithoutValidation(
            "WWW-Authenticate",
            $"Bearer authorization=\"https://login.microsoftonline.com/{TenantId}\", resource=\"https://vault.azure.net\"");
        return response;
    }

    private static HttpResponseMessage Json(HttpStatusCode status, string body) =>
        new(status) { Content = new StringContent(body, Encoding.UTF8, "application/json") };
}
