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
        var resume = new Uri(action, submitted.Headers.Location ?? throw new InvalidOperationException("The login was not accepted."));
        var (_, back) = await GetAsync(resume);
        return back ?? throw new InvalidOperationException("The provider did not redirect back.");
    }

    public void Dispose() => _http.Dispose();

    [GeneratedRegex("action=\"([^\"]+)\"")]
    private static partial Regex FormAction();
}
