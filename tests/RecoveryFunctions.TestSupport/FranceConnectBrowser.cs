using System.Net;
using System.Text.RegularExpressions;

namespace RecoveryFunctions.TestSupport;

/// <summary>
/// A person's browser on the local FranceConnect: follows an authorization request to the provider's login page,
/// picks a test identity there, and stops at the redirect back to the service provider, which it returns unfollowed.
/// </summary>
public sealed partial class FranceConnectBrowser : IDisposable
{
    private readonly HttpClient _http = new(new SocketsHttpHandler { AllowAutoRedirect = false, CookieContainer = new CookieContainer() });

    /// <summary>The provider's answer to a request, and where it redirects (null when it does not).</summary>
    public async Task<(HttpStatusCode Status, Uri? Location)> GetAsync(Uri address)
    {
        using var response = await _http.GetAsync(address);
        return (response.StatusCode, response.Headers.Location is { } location ? new Uri(address, location) : null);
    }

    /// <summary>Signs in as <paramref name="login"/> and returns the redirect to the client (its callback with code and state).</summary>
    public async Task<Uri> SignInAsync(Uri authorizationRequest, string login)
    {
        var (status, loginPage) = await GetAsync(authorizationRequest);
        if (status != HttpStatusCode.SeeOther || loginPage is null)
        {
            throw new InvalidOperationException($"The provider answered {(int)status} to the authorization request.");
        }

        var form = await _http.GetStringAsync(loginPage);
        var action = new Uri(loginPage, FormAction().Match(form).Groups[1].Value);
        using var content = new FormUrlEncodedContent([new("login", login)]);
        using var submitted = await _http.PostAsync(action, content);
        return await FollowToClientAsync(new Uri(action, submitted.Headers.Location ?? throw new InvalidOperationException("The login was not accepted.")));
    }

    /// <summary>
    /// Follows the provider's redirects, and the self-submitting forms it shows (ending the session of another identity
    /// first, or the logout; a script submits them in a real browser), until it sends the browser back to the client.
    /// </summary>
    public async Task<Uri> FollowToClientAsync(Uri next)
    {
        ArgumentNullException.ThrowIfNull(next);
        var provider = next.Authority;
        for (var hop = 0; hop < 10 && next.Authority == provider; hop++)
        {
            using var response = await _http.GetAsync(next);
            if (response.Headers.Location is { } location)
            {
                next = new Uri(next, location);
                continue;
            }

            var page = await response.Content.ReadAsStringAsync();
            var fields = HiddenField().Matches(page).Select(m => new KeyValuePair<string, string>(m.Groups[1].Value, WebUtility.HtmlDecode(m.Groups[2].Value)));
            using var submission = new FormUrlEncodedContent(fields);
            using var posted = await _http.PostAsync(new Uri(next, WebUtility.HtmlDecode(FormAction().Match(page).Groups[1].Value)), submission);
            next = new Uri(next, posted.Headers.Location ?? throw new InvalidOperationException($"The provider answered {(int)posted.StatusCode} without redirecting."));
        }

        return next.Authority != provider ? next : throw new InvalidOperationException("The provider did not redirect back.");
    }

    public void Dispose() => _http.Dispose();

    [GeneratedRegex("action=\"([^\"]+)\"")]
    private static partial Regex FormAction();

    [GeneratedRegex("<input type=\"hidden\" name=\"([^\"]+)\" value=\"([^\"]*)\"")]
    private static partial Regex HiddenField();
}
