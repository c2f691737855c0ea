using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;

namespace RecoveryFunctions.TestSupport;

/// <summary>Small helpers over HttpClient for the API's JSON calls.</summary>
public static class ApiCalls
{
    public static Task<HttpResponseMessage> PostJsonAsync(this HttpClient client, string path, object body, string? bearer = null, string? language = null)
        => client.SendJsonAsync(HttpMethod.Post, path, body, bearer, language);

    public static async Task<HttpResponseMessage> SendJsonAsync(this HttpClient client, HttpMethod method, string path, object? body, string? bearer = null, string? language = null)
    {
        using var request = new HttpRequestMessage(method, path);
        if (body is not null)
        {
            request.Content = new StringContent(body as string ?? JsonSerializer.Serialize(body), Encoding.UTF8, "application/json");
        }

        if (bearer is not null)
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", bearer);
        }

        if (language is not null)
        {
            request.Headers.AcceptLanguage.ParseAdd(language);
        }

        return await client.SendAsync(request);
    }

    /// <summary>POST /api/captchas for one step: "registration", "password-recovery" or "username-recovery".</summary>
    public static Task<HttpResponseMessage> CreateCaptchaAsync(this HttpClient client, string purpose)
        => client.PostJsonAsync("/api/captchas", new { purpose });

    public static async Task<JsonElement> JsonAsync(this HttpResponseMessage response)
    {
        var text = await response.Content.ReadAsStringAsync();
        return JsonDocument.Parse(text).RootElement.Clone();
    }

    public static async Task<string> ProblemCodeAsync(this HttpResponseMessage response)
    {
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        return (await response.JsonAsync()).GetProperty("code").GetString()!;
    }

    public static Task<HttpResponseMessage> GetAsync(this HttpClient client, string path, string? bearer)
        => client.SendJsonAsync(HttpMethod.Get, path, null, bearer);

    public static Task<T?> ReadAsync<T>(this HttpResponseMessage response) => response.Content.ReadFromJsonAsync<T>();
}
