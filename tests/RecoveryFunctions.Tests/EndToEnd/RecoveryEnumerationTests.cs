using System.Net;
using System.Text.RegularExpressions;
using RecoveryFunctions.TestSupport;

namespace RecoveryFunctions.Tests.EndToEnd;

/// <summary>
/// contract §2.3 step 1 and §2.9's recovery-code step seen from outside: nothing tells a known address from an unknown one.
/// The public steps that take an address: identify, "J'ai un code de secours".
/// </summary>
[Collection(LocalHostCollection.Name)]
public sealed partial class RecoveryEnumerationTests(LocalHostFixture host)
{
    [Fact]
    public async Task Identify_UnknownPendingLockedActive_IdenticalResponses()
    {
        var active = Journeys.NewEmail("actif");
        await host.CreateActiveAccountAsync(active);
        var pending = Journeys.NewEmail("attente");
        await host.RegisterAsync(pending);
        var locked = await LockedAccountAsync();
        var unknown = Journeys.NewEmail("inconnu");

        var shapes = new List<string>();
        foreach (var email in new[] { unknown, pending, locked, active })
        {
            using var response = await host.Client.PostJsonAsync("/api/password-recovery", new { email, captchaId = "x", captchaText = "x" });
            shapes.Add(await ShapeAsync(response));
        }

        Assert.All(shapes, shape => Assert.Equal(shapes[0], shape));
        Assert.Contains("202", shapes[0], StringComparison.Ordinal);
        await host.RecoveryEmailAsync(active);
        Assert.DoesNotContain(host.Mailbox.ListMessagesTo(pending), m => m.Subject.Contains("Réinitialisation", StringComparison.Ordinal));
    }

    /// <summary>
    /// A wrong code for an active account with codes, one without, a pending one, an unknown address, and a right code
    /// for an account whose recovery is locked: one refusal, byte for byte (storage operations: RecoveryCodeUseCaseTests).
    /// </summary>
    [Fact]
    public async Task RecoveryCode_UnknownPendingLockedNoCodesActive_IdenticalResponses()
    {
        var active = Journeys.NewEmail("code-actif");
        await host.CreateActiveAccountAsync(active);
        await host.GenerateRecoveryCodesAsync(await host.SignInAsync(active));
        var withoutCodes = Journeys.NewEmail("sans-codes");
        await host.CreateActiveAccountAsync(withoutCodes);
        var pending = Journeys.NewEmail("code-attente");
        await host.RegisterAsync(pending);
        var locked = await LockedAccountAsync();
        var lockedCode = (await host.GenerateRecoveryCodesAsync(await host.SignInAsync(locked)))[0];
        var unknown = Journeys.NewEmail("code-inconnu");
        const string wrong = "2345-6789-ABCD-EFGH-JKMN-PQRS";

        var shapes = new List<string>();
        foreach (var (email, code) in new[] { (unknown, wrong), (pending, wrong), (locked, lockedCode), (withoutCodes, wrong), (active, wrong) })
        {
            using var response = await host.RecoverWithCodeAsync(email, code);
            shapes.Add(await ShapeAsync(response));
        }

        Assert.Contains("400", shapes[0], StringComparison.Ordinal);
        Assert.Contains("recovery-code-invalid", shapes[0], StringComparison.Ordinal);
        Assert.All(shapes, shape => Assert.Equal(shapes[0], shape));
    }

    [Fact]
    public async Task Identify_ManyRequestsForOneAddressFromManyClients_NeverRefusedSameForKnownAndUnknown()
    {
        var known = Journeys.NewEmail("limite");
        await host.CreateActiveAccountAsync(known);
        var unknown = Journeys.NewEmail("limite-inconnu");

        // No count is keyed by the address (strangers could fill it for the holder): each client is counted alone.
        var shapes = new List<string>();
        foreach (var email in new[] { known, unknown })
        {
            for (var i = 0; i < 8; i++)
            {
                using var response = await host.Client.PostJsonAsync("/api/password-recovery", new { email, captchaId = "x", captchaText = "x" });
                shapes.Add(await ShapeAsync(response));
            }
        }

        Assert.Contains("202", shapes[0], StringComparison.Ordinal);
        Assert.All(shapes, shape => Assert.Equal(shapes[0], shape));
    }

    [Fact]
    public async Task Identify_ForeignHostHeaders_LinkStillFromConfiguredBase()
    {
        var email = Journeys.NewEmail("hote");
        await host.CreateActiveAccountAsync(email);
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/password-recovery")
        {
            Content = new StringContent($"{{\"email\":\"{email}\",\"captchaId\":\"x\",\"captchaText\":\"x\"}}", System.Text.Encoding.UTF8, "application/json"),
        };
        request.Headers.Host = "evil.example";
        request.Headers.Add("X-Forwarded-Host", "evil.example");
        request.Headers.Add("X-Forwarded-Proto", "https");
        request.Headers.Add("Forwarded", "host=evil.example;proto=https");

        using var response = await host.Client.SendAsync(request);

        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        var link = Journeys.LinkIn(await host.RecoveryEmailAsync(email));
        Assert.StartsWith("http://localhost:5173/", link, StringComparison.Ordinal);
        Assert.DoesNotContain("evil", (await host.RecoveryEmailAsync(email)).TextBody!, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("upper")]
    [InlineData("spaces")]
    [InlineData("fullwidth")]
    [InlineData("kelvin")]
    [InlineData("idn")]
    public async Task Identify_EmailVariant_ReachesStoredAccountAndStoredAddress(string variant)
    {
        var local = "k" + Guid.NewGuid().ToString("N")[..10];
        var stored = variant == "idn" ? $"{local}@exämple.fr" : $"{local}@example.fr";
        var canonical = variant == "idn" ? $"{local}@xn--exmple-cua.fr" : stored;
        await host.RegisterAsync(stored);
        using (await host.Client.PostJsonAsync("/api/accounts/activate", new { token = await host.WaitForLinkTokenAsync(canonical, "activ") }))
        {
        }

        var typed = variant switch
        {
            "upper" => stored.ToUpperInvariant(),
            "spaces" => "  " + stored + "\t ",
            "fullwidth" => string.Concat(stored.Select(c => c is >= '!' and <= '~' ? (char)(c - '!' + '\uFF01') : c)),
            "kelvin" => "\u212A" + stored[1..],
            _ => $"{local.ToUpperInvariant()}@EXÄMPLE.FR",
        };

        await host.IdentifyAsync(typed);

        var message = await host.RecoveryEmailAsync(canonical);
        Assert.Equal(canonical, message.To);
    }

    [Fact]
    public async Task Identify_InjectionAsEmail_GenericAnswer()
    {
        using var response = await host.Client.PostJsonAsync("/api/password-recovery", new { email = "a' or PartitionKey ne '", captchaId = "x", captchaText = "x" });
        using var normal = await host.Client.PostJsonAsync("/api/password-recovery", new { email = Journeys.NewEmail("normal"), captchaId = "x", captchaText = "x" });

        Assert.Equal(await ShapeAsync(normal), await ShapeAsync(response));
    }

    private async Task<string> LockedAccountAsync()
    {
        var email = Journeys.NewEmail("bloque");
        await host.CreateActiveAccountAsync(email);
        await host.IdentifyAsync(email);
        var flowId = (await host.VerifyLinkAsync(Journeys.TokenIn(await host.RecoveryEmailAsync(email)))).GetProperty("flowId").GetString()!;
        for (var i = 0; i < 3; i++)
        {
            using (await host.Client.PostJsonAsync("/api/password-recovery/answer", new { flowId, answer = "pas la bonne " + i }))
            {
            }
        }

        return email;
    }

    /// <summary>Status, headers and body with what must differ per request (trace id, date, flow id, expiry) masked.</summary>
    private static async Task<string> ShapeAsync(HttpResponseMessage response)
    {
        var headers = response.Headers.Concat(response.Content.Headers)
            .Where(h => h.Key is not "Date" and not "Content-Length")
            .OrderBy(h => h.Key, StringComparer.Ordinal)
            .Select(h => h.Key + ": " + (h.Key == "Retry-After" ? "<seconds>" : string.Join(",", h.Value)));
        var body = await Journeys.BodyWithoutTraceIdAsync(response);
        body = FlowId().Replace(body, "\"flowId\":\"<52 chars>\"");
        body = ExpiresAt().Replace(body, "\"expiresAt\":\"<time>\"");
        return $"{(int)response.StatusCode}\n{string.Join("\n", headers)}\n{body}";
    }

    [GeneratedRegex("\"flowId\":\"[0-9]{9}[A-Za-z0-9_-]{43}\"")]
    private static partial Regex FlowId();

    [GeneratedRegex("\"expiresAt\":\"[^\"]+\"")]
    private static partial Regex ExpiresAt();
}
