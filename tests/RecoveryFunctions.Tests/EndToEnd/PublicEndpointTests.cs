using System.Net;
using System.Text.Json;
using RecoveryFunctions.HostSubstitute;
using RecoveryFunctions.TestSupport;

namespace RecoveryFunctions.Tests.EndToEnd;

[Collection(LocalHostCollection.Name)]
public sealed class PublicEndpointTests(LocalHostFixture host)
{
    [Fact]
    public void LocalHost_EveryFunctionOfTheApp_IsServed()
    {
        var all = FunctionCatalog.Discover(typeof(RecoveryFunctions.Hosting.RecoveryServiceCollectionExtensions).Assembly);
        var declared = typeof(RecoveryFunctions.Hosting.RecoveryServiceCollectionExtensions).Assembly.GetTypes()
            .SelectMany(t => t.GetMethods())
            .Count(m => m.GetCustomAttributes(typeof(Microsoft.Azure.Functions.Worker.FunctionAttribute), false).Length > 0);

        Assert.Equal(declared, all.Count);
        Assert.Equal(all.Count(f => f.Trigger == TriggerKind.Http), host.Host.ServedHttpFunctions.Count);
        Assert.Contains(all, f => f.Trigger == TriggerKind.Queue);
    }

    [Fact]
    public async Task Health_StorageUp_Ok()
    {
        using var response = await host.Client.GetAsync("/api/health");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var body = await response.JsonAsync();
        Assert.Equal("ok", body.GetProperty("status").GetString());
        Assert.Equal("ok", body.GetProperty("storage").GetString());
        Assert.Equal("not-configured", body.GetProperty("keyVault").GetString());
        Assert.Equal("ok", body.GetProperty("cache").GetString());
        Assert.True(body.GetProperty("outbox").GetProperty("poison").GetInt64() >= 0);
        Assert.True(body.GetProperty("outbox").GetProperty("depth").GetInt64() >= 0);
        Assert.Equal("no-store", response.Headers.CacheControl?.ToString());
        Assert.Equal("no-referrer", response.Headers.GetValues("Referrer-Policy").Single());
    }

    /// <summary>The default profile (docs/security/standards-profile.md): the question is asked, the seed password rules apply.</summary>
    [Fact]
    public async Task Profile_Default_SeedWithQuestionAndComposition()
    {
        Assert.Equal("""{"profile":"Seed","securityQuestion":true,"password":{"minLength":12,"maxLength":128,"composition":true},"recoveryLinkMinutes":30}""", await StandardsProfiles.ReadAsync(host.Client));
    }

    [Fact]
    public async Task SecurityQuestions_FrenchByDefault_EnglishOnRequest()
    {
        using var french = await host.Client.GetAsync("/api/security-questions");
        using var request = new HttpRequestMessage(HttpMethod.Get, "/api/security-questions");
        request.Headers.AcceptLanguage.ParseAdd("en-GB,en;q=0.9");
        using var english = await host.Client.SendAsync(request);

        var fr = (await french.JsonAsync()).EnumerateArray().ToList();
        var en = (await english.JsonAsync()).EnumerateArray().ToList();
        Assert.True(fr.Count >= 8);
        Assert.Equal(fr.Count, en.Count);
        Assert.Contains("?", fr[0].GetProperty("text").GetString()!, StringComparison.Ordinal);
        Assert.NotEqual(fr[0].GetProperty("text").GetString(), en[0].GetProperty("text").GetString());
        Assert.StartsWith("What", en[0].GetProperty("text").GetString()!, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Captcha_Create_PngDataUriWithoutAnswer()
    {
        using var response = await host.Client.CreateCaptchaAsync("registration");

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var body = await response.JsonAsync();
        var image = body.GetProperty("image").GetString()!;
        Assert.StartsWith("data:image/png;base64,", image, StringComparison.Ordinal);
        var png = Convert.FromBase64String(image["data:image/png;base64,".Length..]);
        Assert.Equal(new byte[] { 0x89, 0x50, 0x4E, 0x47 }, png[..4]);
        Assert.Equal(["captchaId", "image", "image2x", "altText", "length", "audioUrl", "proofOfWork", "expiresAt", "purpose"], body.EnumerateObject().Select(p => p.Name));
        Assert.Equal($"/api/captchas/{body.GetProperty("captchaId").GetString()}/image2x", body.GetProperty("image2x").GetString());
        Assert.Equal(6, body.GetProperty("length").GetInt32());
        Assert.Contains("6", body.GetProperty("altText").GetString()!, StringComparison.Ordinal);
        Assert.Equal($"/api/captchas/{body.GetProperty("captchaId").GetString()}/audio", body.GetProperty("audioUrl").GetString());
        Assert.Equal(JsonValueKind.Null, body.GetProperty("proofOfWork").ValueKind); // the default provider is Image alone
        Assert.Equal("registration", body.GetProperty("purpose").GetString());
        Assert.True(body.GetProperty("expiresAt").GetDateTimeOffset() > DateTimeOffset.UnixEpoch);
    }

    [Theory]
    [InlineData("", "body-required", null, null)]
    [InlineData("{}", "validation-failed", "$.purpose", "field-required")]
    [InlineData("{\"purpose\":\"sessions\"}", "validation-failed", "purpose", "captcha-purpose-unknown")]
    [InlineData("{\"purpose\":\"Registration\"}", "validation-failed", "purpose", "captcha-purpose-unknown")]
    public async Task Captcha_CreateWithoutAKnownStep_Refused(string body, string code, string? field, string? fieldCode)
    {
        using var response = await host.Client.PostJsonAsync("/api/captchas", body);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal(code, await response.ProblemCodeAsync());
        if (field is not null)
        {
            Assert.Equal(fieldCode, (await response.JsonAsync()).GetProperty("errors").GetProperty(field)[0].GetString());
        }
    }

    [Fact]
    public async Task OpenApi_Document_ListsEveryHttpFunctionWithItsBody()
    {
        using var response = await host.Client.GetAsync("/api/openapi.json");
        var paths = (await response.JsonAsync()).GetProperty("paths");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        foreach (var function in host.Host.ServedHttpFunctions)
        {
            Assert.True(paths.TryGetProperty("/api/" + function.Route, out var item), function.Route);
            foreach (var method in function.HttpMethods ?? [])
            {
                var operation = item.GetProperty(method.ToLowerInvariant());
                var bodiless = function.Route is "sessions/current/extend" or "sessions/passkey/options" or "password-recovery/franceconnect" or "accounts/franceconnect" || method is "GET" or "DELETE" || function.Route!.Contains("/unlock", StringComparison.Ordinal) || function.Route.Contains("/recovery-link", StringComparison.Ordinal) || function.Route.EndsWith("/assign", StringComparison.Ordinal);
                Assert.True(bodiless || operation.TryGetProperty("requestBody", out _), $"{method} {function.Route} declares no body");
            }
        }

        Assert.Equal("session", paths.GetProperty("/api/account").GetProperty("get").GetProperty("security")[0].EnumerateObject().Single().Name);
        var lookUp = paths.GetProperty("/api/assistance/accounts").GetProperty("get");
        Assert.Equal("agent", lookUp.GetProperty("security")[0].EnumerateObject().Single().Name);
        Assert.Equal("X-Assistance-Reason", lookUp.GetProperty("parameters")[0].GetProperty("name").GetString());
        var register = paths.GetProperty("/api/accounts").GetProperty("post").GetProperty("requestBody").GetProperty("content").GetProperty("application/json").GetProperty("schema");
        Assert.Contains("captchaId", register.GetProperty("required").EnumerateArray().Select(e => e.GetString()));
        // The captcha text and proof are each needed by one provider only (Captcha:Provider), so neither is required.
        Assert.DoesNotContain("captchaText", register.GetProperty("required").EnumerateArray().Select(e => e.GetString()));
        Assert.True(register.GetProperty("properties").TryGetProperty("captchaProof", out _));
        Assert.DoesNotContain("phone", register.GetProperty("required").EnumerateArray().Select(e => e.GetString()));
    }
}
