using System.Net;
using System.Net.Http.Headers;
using System.Text;
using Microsoft.Extensions.DependencyInjection;
using RecoveryFunctions.DevServices.CaptchEtat;
using RecoveryFunctions.TestSupport;

namespace RecoveryFunctions.Tests.Captcha;

/// <summary>
/// The local emulation is only as good as its strictness: it refuses what the published contract does not allow
/// (token request form, grant, client, scope; the bearer; the query of simple-captcha-endpoint; the body of
/// valider-captcha) and spends a uuid on its first validation, so a client that only works against a lenient
/// double cannot pass here.
/// </summary>
public sealed class CaptchEtatEmulationTests(CaptchEtatFixture host) : IClassFixture<CaptchEtatFixture>
{
    private LocalCaptchEtatOptions Credentials => host.Host.Services.GetRequiredService<LocalCaptchEtatOptions>();

    [Fact]
    public async Task Token_ClientCredentialsForm_BearerTokenWithExpiresIn()
    {
        using var response = await TokenRequestAsync(Form());

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.True(response.Headers.CacheControl?.NoStore);
        var body = await response.JsonAsync();
        Assert.Equal("Bearer", body.GetProperty("token_type").GetString());
        Assert.Equal((int)CaptchEtatFixture.TokenLifetime.TotalSeconds, body.GetProperty("expires_in").GetInt32());
        Assert.False(string.IsNullOrEmpty(body.GetProperty("access_token").GetString()));
    }

    [Theory]
    [InlineData("grant_type", "password", 400, "unsupported_grant_type")]
    [InlineData("grant_type", null, 400, "invalid_request")]
    [InlineData("client_secret", "not-the-secret", 401, "invalid_client")]
    [InlineData("client_id", "another-application", 401, "invalid_client")]
    [InlineData("scope", "openid", 400, "invalid_scope")]
    [InlineData("scope", null, 400, "invalid_scope")]
    public async Task Token_WrongParameter_OAuthError(string name, string? value, int status, string error)
    {
        var form = Form();
        if (value is null)
        {
            form.Remove(name);
        }
        else
        {
            form[name] = value;
        }

        using var response = await TokenRequestAsync(form);

        Assert.Equal(status, (int)response.StatusCode);
        Assert.Equal(error, (await response.JsonAsync()).GetProperty("error").GetString());
    }

    [Fact]
    public async Task Token_JsonInsteadOfForm_InvalidRequest()
    {
        using var response = await host.Client.PostAsync(
            LocalCaptchEtatOptions.TokenPath,
            new StringContent(System.Text.Json.JsonSerializer.Serialize(Form()), Encoding.UTF8, "application/json"));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("invalid_request", (await response.JsonAsync()).GetProperty("error").GetString());
    }

    [Fact]
    public async Task Token_ParameterRepeated_InvalidRequest()
    {
        var body = string.Join('&', Form().Select(p => $"{p.Key}={Uri.EscapeDataString(p.Value)}")) + "&scope=piste.captchetat";

        using var response = await host.Client.PostAsync(LocalCaptchEtatOptions.TokenPath, new StringContent(body, Encoding.UTF8, "application/x-www-form-urlencoded"));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
    }

    [Fact]
    public async Task Api_WithoutOrWithAnUnknownBearer_Unauthorized()
    {
        using var none = await ApiGetAsync("simple-captcha-endpoint?get=image&c=captchaFR", token: null);
        using var unknown = await ApiGetAsync("simple-captcha-endpoint?get=image&c=captchaFR", token: "forged");

        Assert.Equal(HttpStatusCode.Unauthorized, none.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, unknown.StatusCode);
        Assert.Contains("invalid_token", none.Headers.WwwAuthenticate.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Api_ExpiredBearer_Unauthorized()
    {
        var token = await TokenAsync();
        using var fresh = await ApiGetAsync("simple-captcha-endpoint?get=image&c=captchaFR", token);
        host.Clock.Advance(CaptchEtatFixture.TokenLifetime);

        using var expired = await ApiGetAsync("simple-captcha-endpoint?get=image&c=captchaFR", token);

        Assert.Equal(HttpStatusCode.OK, fresh.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, expired.StatusCode);
    }

    [Theory]
    [InlineData("simple-captcha-endpoint?get=image")]
    [InlineData("simple-captcha-endpoint?get=image&c=captchaDE")]
    [InlineData("simple-captcha-endpoint?get=html&c=captchaFR")]
    [InlineData("simple-captcha-endpoint?c=captchaFR")]
    [InlineData("simple-captcha-endpoint?get=image&c=captchaFR&mode=frontal")]
    [InlineData("simple-captcha-endpoint?get=image&c=captchaFR&c=captchaEN")]
    [InlineData("simple-captcha-endpoint?get=image&c=captchaFR&t=d6f533f7-743c-449e-b496-79fb2192b46c")]
    [InlineData("simple-captcha-endpoint?get=sound&c=captchaFR")]
    public async Task Captcha_QueryOutsideTheContract_BadRequest(string query)
    {
        using var response = await ApiGetAsync(query, await TokenAsync());

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
    }

    [Theory]
    [InlineData("numerique6_7CaptchaFR", "^[0-9]{6,7}$")]
    [InlineData("alphabetique6_7CaptchaEN", "^[A-Z]{6,7}$")]
    [InlineData("alphanumerique4to6LightCaptchaFR", "^[A-Z0-9]{4,6}$")]
    public async Task Image_DocumentedStyle_JsonUuidAndPngOfThatStyle(string style, string pattern)
    {
        using var response = await ApiGetAsync($"simple-captcha-endpoint?get=image&c={style}", await TokenAsync());

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var body = await response.JsonAsync();
        Assert.True(Guid.TryParse(body.GetProperty("uuid").GetString(), out _));
        Assert.Equal([0x89, 0x50, 0x4E, 0x47], Convert.FromBase64String(body.GetProperty("imageb64").GetString()!)[..4]);
        Assert.Matches(pattern, host.Service.LastText);
    }

    [Fact]
    public async Task Sound_KnownThenUnknownUuid_WavThenNotFound()
    {
        var token = await TokenAsync();
        var uuid = await IssueAsync(token);

        using var sound = await ApiGetAsync($"simple-captcha-endpoint?get=sound&c=captchaEN&t={uuid}", token);
        using var unknown = await ApiGetAsync($"simple-captcha-endpoint?get=sound&c=captchaFR&t={Guid.NewGuid()}", token);

        Assert.Equal("audio/x-wav", sound.Content.Headers.ContentType?.MediaType);
        Assert.True(WavAssert.DurationOf(await sound.Content.ReadAsByteArrayAsync()) > 1);
        Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);
    }

    /// <summary>A uuid is spent by its first validation, right or wrong, and dies after its lifetime.</summary>
    [Theory]
    [InlineData("", false, "true", "false")]
    [InlineData("X", false, "false", "false")]
    [InlineData("", true, "false", "false")]
    public async Task Validate_FirstAttemptThenTheRightCode_SingleUseAndExpiry(string firstSuffix, bool expireFirst, string firstVerdict, string secondVerdict)
    {
        var token = await TokenAsync();
        var uuid = await IssueAsync(token);
        var code = host.Service.LastText!;
        if (expireFirst)
        {
            host.Clock.Advance(CaptchEtatFixture.ChallengeLifetime);
        }

        Assert.Equal(firstVerdict, await ValidateAsync(token, $"{{\"uuid\":\"{uuid}\",\"code\":\"{code}{firstSuffix}\"}}"));
        Assert.Equal(secondVerdict, await ValidateAsync(token, $"{{\"uuid\":\"{uuid}\",\"code\":\"{code}\"}}"));
    }

    [Theory]
    [InlineData("application/json", "not json")]
    [InlineData("application/json", "{\"uuid\":\"d6f533f7-743c-449e-b496-79fb2192b46c\"}")]
    [InlineData("application/json", "{\"id\":304647208,\"code\":\"AJKDLDOM3\"}")]
    [InlineData("application/json", "{\"uuid\":\"d6f533f7-743c-449e-b496-79fb2192b46c\",\"code\":\"AJKDLDOM3\",\"extra\":\"x\"}")]
    [InlineData("application/x-www-form-urlencoded", "uuid=d6f533f7-743c-449e-b496-79fb2192b46c&code=AJKDLDOM3")]
    public async Task Validate_BodyOutsideTheContract_InvalidInput405(string contentType, string body)
    {
        using var response = await PostValidationAsync(await TokenAsync(), body, contentType);

        Assert.Equal(HttpStatusCode.MethodNotAllowed, response.StatusCode);
    }

    private Dictionary<string, string> Form() => new()
    {
        ["grant_type"] = "client_credentials",
        ["client_id"] = Credentials.ClientId,
        ["client_secret"] = Credentials.ClientSecret,
        ["scope"] = "piste.captchetat",
    };

    private Task<HttpResponseMessage> TokenRequestAsync(Dictionary<string, string> form)
        => host.Client.PostAsync(LocalCaptchEtatOptions.TokenPath, new FormUrlEncodedContent(form));

    private async Task<string> TokenAsync()
    {
        using var response = await TokenRequestAsync(Form());
        return (await response.JsonAsync()).GetProperty("access_token").GetString()!;
    }

    private async Task<string> IssueAsync(string token)
    {
        using var response = await ApiGetAsync("simple-captcha-endpoint?get=image&c=captchaFR", token);
        return (await response.JsonAsync()).GetProperty("uuid").GetString()!;
    }

    private async Task<HttpResponseMessage> ApiGetAsync(string relative, string? token)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, LocalCaptchEtatOptions.ApiBasePath + "/" + relative);
        if (token is not null)
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        }

        return await host.Client.SendAsync(request);
    }

    private async Task<string> ValidateAsync(string token, string json)
    {
        using var response = await PostValidationAsync(token, json, "application/json");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return await response.Content.ReadAsStringAsync();
    }

    private async Task<HttpResponseMessage> PostValidationAsync(string token, string body, string contentType)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, LocalCaptchEtatOptions.ApiBasePath + "/valider-captcha")
        {
            Content = new StringContent(body, Encoding.UTF8, contentType),
        };
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return await host.Client.SendAsync(request);
    }
}
