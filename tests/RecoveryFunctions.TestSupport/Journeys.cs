using System.Net;
using System.Text.Json;
using System.Text.RegularExpressions;
using RecoveryFunctions.DevServices.Email;

namespace RecoveryFunctions.TestSupport;

/// <summary>The steps a holder takes, over HTTP, reading the local mailbox like a person reads email.</summary>
public static partial class Journeys
{
    public const string Password = "Cerisier-Bleu-4821";
    public const string Answer = "Médor le Chien";
    public const int QuestionId = 2;

    public static string NewEmail(string tag = "usager") => $"{tag}.{Guid.NewGuid():N}@example.fr";

    /// <param name="franceConnectTicket">Registering with FranceConnect: the ticket the registration page got back from it.</param>
    public static object RegistrationBody(string email, string password = Password, string answer = Answer, string? phone = "06 12 34 56 78", string? franceConnectTicket = null) => new
    {
        email,
        password,
        securityQuestionId = QuestionId,
        securityAnswer = answer,
        phone,
        captchaId = "any",
        captchaText = "any",
        franceConnectTicket,
    };

    public static async Task RegisterAsync(this LocalHostFixture host, string email, string password = Password, string answer = Answer)
    {
        using var response = await host.Client.PostJsonAsync("/api/accounts", RegistrationBody(email, password, answer));
        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
    }

    public static async Task<string> WaitForLinkTokenAsync(this LocalHostFixture host, string email, string subjectFragment)
    {
        var message = await host.Mailbox.WaitForMessageAsync(email, TimeSpan.FromSeconds(30), m => m.Subject.Contains(subjectFragment, StringComparison.OrdinalIgnoreCase));
        return TokenIn(message);
    }

    public static string TokenIn(LocalMailMessage message)
    {
        var match = LinkToken().Match(message.TextBody ?? "");
        Assert.True(match.Success, "No #token= link in: " + message.TextBody);
        return Uri.UnescapeDataString(match.Groups[1].Value);
    }

    /// <summary>The token of a front-end link as an outbox message's values carry it (<c>…#token=…</c>).</summary>
    public static string TokenInUrl(string url)
    {
        ArgumentNullException.ThrowIfNull(url);
        return Uri.UnescapeDataString(url.Split("#token=")[1]);
    }

    /// <summary>The first link of an email (the button's target).</summary>
    public static string LinkIn(LocalMailMessage message)
    {
        var match = Link().Match(message.TextBody ?? "");
        Assert.True(match.Success, "No link in: " + message.TextBody);
        return match.Value;
    }

    /// <summary>Register, follow the activation email, activate: an active account.</summary>
    public static async Task<JsonElement> CreateActiveAccountAsync(this LocalHostFixture host, string email, string password = Password, string answer = Answer)
    {
        await host.RegisterAsync(email, password, answer);
        var token = await host.WaitForLinkTokenAsync(email, "activ");
        using var response = await host.Client.PostJsonAsync("/api/accounts/activate", new { token });
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return await response.JsonAsync();
    }

    public static async Task<string> SignInAsync(this LocalHostFixture host, string email, string password = Password)
    {
        using var response = await host.Client.PostJsonAsync("/api/sessions", new { email, password });
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        return (await response.JsonAsync()).GetProperty("sessionToken").GetString()!;
    }

    /// <summary>A problem body without its per-request trace id, for byte comparisons.</summary>
    public static async Task<string> BodyWithoutTraceIdAsync(HttpResponseMessage response)
        => TraceId().Replace(await response.Content.ReadAsStringAsync(), "\"traceId\":\"-\"");

    [GeneratedRegex("#token=([A-Za-z0-9_%\\-]+)")]
    private static partial Regex LinkToken();

    [GeneratedRegex("https?://[^\\s<>\"]+#token=[A-Za-z0-9_%\\-]+")]
    private static partial Regex Link();

    [GeneratedRegex("\"traceId\":\"[^\"]*\"")]
    private static partial Regex TraceId();
}
