using System.Net;
using System.Reflection;
using System.Text;
using RecoveryFunctions.OpenApi;
using RecoveryFunctions.TestSupport;

namespace RecoveryFunctions.Tests.EndToEnd;

/// <summary>Every endpoint with a body, fed every kind of bad input: always a 4xx problem with a code, never a 500.</summary>
[Collection(LocalHostCollection.Name)]
public sealed class BadInputTests(LocalHostFixture host)
{
    public static readonly TheoryData<string> Endpoints = new()
    {
        "/api/accounts",
        "/api/accounts/activate",
        "/api/sessions",
        "/api/account/email/confirm",
        "/api/username-recovery",
    };

    /// <summary>PUT endpoints behind a session: the body is read before the session, so bad bodies are refused on their own.</summary>
    public static readonly TheoryData<string> PutEndpoints = new()
    {
        "/api/account/password",
        "/api/account/security-question",
        "/api/account/phone",
        "/api/account/email",
    };

    public static TheoryData<string, string, string, string> Cases() => CasesFor(Endpoints);

    public static TheoryData<string, string, string, string> PutCases() => CasesFor(PutEndpoints);

    private static TheoryData<string, string, string, string> CasesFor(TheoryData<string> endpoints)
    {
        var data = new TheoryData<string, string, string, string>();
        foreach (string endpoint in endpoints)
        {
            data.Add(endpoint, "empty", "application/json", "");
            data.Add(endpoint, "missing-fields", "application/json", "{}");
            data.Add(endpoint, "malformed", "application/json", "{\"email\": ");
            data.Add(endpoint, "not-an-object", "application/json", "[1,2,3]");
            data.Add(endpoint, "null", "application/json", "null");
            data.Add(endpoint, "unknown-field", "application/json", "{\"token\":\"x\",\"email\":\"a@b.fr\",\"password\":\"p\",\"isAdmin\":true}");
            data.Add(endpoint, "wrong-types", "application/json", "{\"token\":42,\"email\":42,\"password\":true,\"securityQuestionId\":\"one\",\"securityAnswer\":[],\"captchaId\":1,\"captchaText\":{}}");
            data.Add(endpoint, "text-plain", "text/plain", "{\"token\":\"x\"}");
            data.Add(endpoint, "form", "application/x-www-form-urlencoded", "token=x");
            data.Add(endpoint, "too-large", "application/json", "{\"token\":\"" + new string('a', 17 * 1024) + "\"}");
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public Task Post_BadInput_ProblemWithCode(string endpoint, string kind, string contentType, string body)
        => AssertBadInputRefusedAsync(HttpMethod.Post, endpoint, kind, contentType, body);

    [Theory]
    [MemberData(nameof(PutCases))]
    public Task Put_BadInput_ProblemWithCode(string endpoint, string kind, string contentType, string body)
        => AssertBadInputRefusedAsync(HttpMethod.Put, endpoint, kind, contentType, body);

    private async Task AssertBadInputRefusedAsync(HttpMethod method, string endpoint, string kind, string contentType, string body)
    {
        using var request = new HttpRequestMessage(method, endpoint) { Content = new StringContent(body, Encoding.UTF8) };
        request.Content.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue(contentType);
        using var response = await host.Client.SendAsync(request);

        Assert.InRange((int)response.StatusCode, 400, 499);
        Assert.False(string.IsNullOrEmpty(await response.ProblemCodeAsync()), kind);
    }

    [Fact]
    public async Task BodyEndpoints_RepeatedKey_FieldDuplicateOnEveryOne()
    {
        var token = await host.AgentTokenAsync();
        foreach (var function in host.Host.ServedHttpFunctions.Where(f => f.Method.GetCustomAttribute<RequestBodyAttribute>() is not null))
        {
            var field = function.Method.GetCustomAttribute<RequestBodyAttribute>()!.BodyType.GetConstructors().Single().GetParameters()[0].Name!;
            var name = char.ToLowerInvariant(field[0]) + field[1..];
            var path = "/api/" + function.Route!.Replace("{subscriberNumber}", "1234567890128", StringComparison.Ordinal);
            using var request = new HttpRequestMessage(new HttpMethod(function.HttpMethods!.Single()), path)
            {
                // The first value is harmless, the last one is what a "last wins" parser would act on.
                Content = new StringContent($"{{\"{name}\":\"premier\",\"{name}\":\"second\"}}", Encoding.UTF8, "application/json"),
            };
            request.Headers.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", token);
            request.Headers.Add("X-Assistance-Reason", "Appel du titulaire, identite verifiee");

            using var response = await host.Client.SendAsync(request);

            Assert.True(response.StatusCode == HttpStatusCode.BadRequest, $"{function.Route}: {response.StatusCode}");
            var problem = await response.JsonAsync();
            Assert.Equal("validation-failed", problem.GetProperty("code").GetString());
            Assert.Equal("field-duplicate", problem.GetProperty("errors").GetProperty("$." + name)[0].GetString());
        }
    }

    [Theory]
    [InlineData("not-an-email")]
    [InlineData("a' or PartitionKey ne '")]
    [InlineData("jean@@example.fr")]
    public async Task Register_InvalidEmail_EmailInvalidUnderField(string email)
    {
        using var response = await host.Client.PostJsonAsync("/api/accounts", Journeys.RegistrationBody(email));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var problem = await response.JsonAsync();
        Assert.Equal("validation-failed", problem.GetProperty("code").GetString());
        Assert.Equal("email-invalid", problem.GetProperty("errors").GetProperty("email")[0].GetString());
    }

    [Theory]
    [InlineData("court1", "password-too-short")]
    [InlineData("sanschiffresdutout", "password-digit-required")]
    [InlineData("123456789012345", "password-letter-required")]
    [InlineData("avec des espaces 12", "password-whitespace")]
    [InlineData("Mötdepasse-accentué-1", "password-non-ascii")]
    public async Task Register_WeakPassword_OneCodePerRule(string password, string code)
    {
        using var response = await host.Client.PostJsonAsync("/api/accounts", Journeys.RegistrationBody(Journeys.NewEmail(), password));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var codes = (await response.JsonAsync()).GetProperty("errors").GetProperty("password").EnumerateArray().Select(c => c.GetString());
        Assert.Contains(code, codes);
    }

    [Fact]
    public async Task Problem_AcceptLanguageEnglish_EnglishTitle()
    {
        using var french = await host.Client.PostJsonAsync("/api/sessions", "{}");
        using var english = await host.Client.PostJsonAsync("/api/sessions", "{}", language: "en");

        Assert.Equal("Données invalides", (await french.JsonAsync()).GetProperty("title").GetString());
        Assert.Equal("Invalid data", (await english.JsonAsync()).GetProperty("title").GetString());
    }
}
