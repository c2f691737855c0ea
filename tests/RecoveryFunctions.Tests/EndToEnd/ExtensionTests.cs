using System.Net;
using System.Text.Json;
using RecoveryFunctions.Core.Errors;
using RecoveryFunctions.TestSupport;

namespace RecoveryFunctions.Tests.EndToEnd;

/// <summary>
/// Time limits a person can extend (RGAA 13.1), over HTTP on a manual clock: flows and sessions gain one lifetime
/// per extension up to their ceiling, then are refused; expired, used and unknown ones are refused as at every step.
/// </summary>
[Collection(ExtensionCollection.Name)]
public sealed class ExtensionTests(ExtensionFixture host)
{
    private const string FrontEnd = "http://localhost:5173";

    private static readonly TimeSpan Lifetime = ExtensionFixture.Lifetime;

    [Fact]
    public async Task ExtendFlow_UpToTheCeiling_ThenRefused()
    {
        var (flowId, openedAt) = await VerifiedFlowAsync("plafond");

        using var first = await ExtendFlowAsync(flowId);
        using var second = await ExtendFlowAsync(flowId);
        using var third = await ExtendFlowAsync(flowId);

        Assert.Equal(HttpStatusCode.OK, first.StatusCode);
        Assert.Equal(openedAt + (2 * Lifetime), await ExpiryInAsync(first));
        Assert.Equal(openedAt + ExtensionFixture.MaxLifetime, await ExpiryInAsync(second));
        Assert.Equal(HttpStatusCode.Conflict, third.StatusCode);
        Assert.Equal(ProblemCode.ExtensionLimitReached.Value, await third.ProblemCodeAsync());

        // Same headers as every step: CORS for the front end, nothing cached, no referrer.
        Assert.Equal(FrontEnd, first.Headers.GetValues("Access-Control-Allow-Origin").Single());
        Assert.Equal("no-store", first.Headers.CacheControl?.ToString());
        Assert.Equal("no-referrer", first.Headers.GetValues("Referrer-Policy").Single());
        Assert.Equal(openedAt + ExtensionFixture.MaxLifetime, await AnswerAsync(flowId));
    }

    [Fact]
    public async Task ExtendFlow_AfterItsFirstLimitAndACleanupRun_StillUsableUntilTheCeiling()
    {
        var (flowId, openedAt) = await VerifiedFlowAsync("nettoyage");
        using (var first = await ExtendFlowAsync(flowId))
        using (var second = await ExtendFlowAsync(flowId))
        {
            Assert.Equal(HttpStatusCode.OK, second.StatusCode);
        }

        // 21 minutes: past the first 10-minute limit and its whole expiry bucket, before the 25-minute ceiling.
        host.Clock.Advance(TimeSpan.FromMinutes(21));
        using (var cleanup = await host.Client.PostAsync(new Uri("/admin/functions/CleanupFunction", UriKind.Relative), null))
        {
            Assert.Equal(HttpStatusCode.Accepted, cleanup.StatusCode);
        }

        await host.AnswerAsync(flowId);
        using var reset = await host.SetPasswordAsync(flowId);
        Assert.Equal(HttpStatusCode.OK, reset.StatusCode);
        Assert.True(host.Clock.UtcNow < openedAt + ExtensionFixture.MaxLifetime);
    }

    [Fact]
    public async Task ExtendFlow_Expired_RefusedExactlyLikeAnUnknownId()
    {
        var (flowId, _) = await VerifiedFlowAsync("expire");
        host.Clock.Advance(Lifetime);

        using var expired = await ExtendFlowAsync(flowId);
        using var unknown = await ExtendFlowAsync(flowId[..^4] + "AAAA");
        using var malformed = await ExtendFlowAsync("not-a-flow");
        using var answer = await host.Client.PostJsonAsync("/api/password-recovery/answer", new { flowId, answer = Journeys.Answer });

        Assert.Equal(HttpStatusCode.Gone, expired.StatusCode);
        Assert.Equal(ProblemCode.FlowExpired.Value, await expired.ProblemCodeAsync());
        Assert.Equal(ProblemCode.FlowExpired.Value, await answer.ProblemCodeAsync());
        var expiredBody = await Journeys.BodyWithoutTraceIdAsync(expired);
        foreach (var other in new[] { unknown, malformed })
        {
            Assert.Equal(expired.StatusCode, other.StatusCode);
            Assert.Equal(expiredBody, await Journeys.BodyWithoutTraceIdAsync(other));
        }
    }

    [Fact]
    public async Task ExtendFlow_UsedOrStillAtTheMailboxStage_Refused()
    {
        var email = Journeys.NewEmail("etape");
        await host.CreateActiveAccountAsync(email);
        await host.IdentifyAsync(email);
        var verified = await host.VerifyLinkAsync(Journeys.TokenIn(await host.RecoveryEmailAsync(email)));
        var flowId = verified.GetProperty("flowId").GetString()!;
        await host.AnswerAsync(flowId);
        using (var reset = await host.SetPasswordAsync(flowId))
        {
            Assert.Equal(HttpStatusCode.OK, reset.StatusCode);
        }

        var mailboxFlow = await host.IdentifyAsync(email);
        var unknownAddressFlow = await host.IdentifyAsync(Journeys.NewEmail("inconnu"));

        using var used = await ExtendFlowAsync(flowId);
        using var mailbox = await ExtendFlowAsync(mailboxFlow);
        using var unknownAddress = await ExtendFlowAsync(unknownAddressFlow);

        Assert.Equal(ProblemCode.LinkUsed.Value, await used.ProblemCodeAsync());
        Assert.Equal(HttpStatusCode.Gone, used.StatusCode);

        // The emailed link and code keep the limit their email states; a known and an unknown address look alike.
        Assert.Equal(ProblemCode.FlowStepInvalid.Value, await mailbox.ProblemCodeAsync());
        Assert.Equal(await Journeys.BodyWithoutTraceIdAsync(mailbox), await Journeys.BodyWithoutTraceIdAsync(unknownAddress));
    }

    [Fact]
    public async Task ExtendFlow_TwentyInParallel_NeverPassTheCeiling()
    {
        var (flowId, openedAt) = await VerifiedFlowAsync("parallele");
        var ceiling = openedAt + ExtensionFixture.MaxLifetime;

        var responses = await Task.WhenAll(Enumerable.Range(0, 20).Select(_ => ExtendFlowAsync(flowId)));
        try
        {
            await AssertStepsUpToCeilingAsync(responses, openedAt, ceiling);
            Assert.Equal(ceiling, await AnswerAsync(flowId));
        }
        finally
        {
            DisposeAll(responses);
        }
    }

    [Fact]
    public async Task AnswerAndNewPassword_WhileExtensionsLand_SucceedOnce()
    {
        var (flowId, _) = await VerifiedFlowAsync("concurrence");

        // An extension rewrites the row while each step hashes (Argon2id): the step then loses the ETag race to it and
        // writes again on the extended row. One extension per step, as the ceiling allows two (10 → 20 → 25 minutes).
        var answering = host.Client.PostJsonAsync("/api/password-recovery/answer", new { flowId, answer = Journeys.Answer });
        using (var extension = await ExtendFlowAsync(flowId))
        using (var answer = await answering)
        {
            Assert.Equal(HttpStatusCode.OK, extension.StatusCode);
            Assert.Equal(HttpStatusCode.OK, answer.StatusCode);
        }

        var resetting = Task.WhenAll(Enumerable.Range(0, 3).Select(_ => host.SetPasswordAsync(flowId)));
        using (var extension = await ExtendFlowAsync(flowId))
        {
            // Landing while the resets hash, or after one of them spent the flow: never anything else.
            Assert.True(extension.StatusCode is HttpStatusCode.OK or HttpStatusCode.Gone, $"extension answered {extension.StatusCode}");
        }

        var resets = await resetting;
        try
        {
            Races.AssertExactlyOneWins(resets, loser: HttpStatusCode.Gone);
        }
        finally
        {
            DisposeAll(resets);
        }

        using var afterReset = await ExtendFlowAsync(flowId);
        Assert.Equal(ProblemCode.LinkUsed.Value, await afterReset.ProblemCodeAsync());
    }

    [Fact]
    public async Task SignOut_WhileExtensionsLand_SessionEnds()
    {
        var email = Journeys.NewEmail("deconnexion");
        await host.CreateActiveAccountAsync(email);
        var session = await host.SignInAsync(email);

        var extensions = Enumerable.Range(0, 4).Select(_ => ExtendSessionAsync(session)).ToList();
        using (var signOut = await host.Client.SendJsonAsync(HttpMethod.Delete, "/api/sessions/current", null, session))
        {
            Assert.Equal(HttpStatusCode.NoContent, signOut.StatusCode);
        }

        DisposeAll(await Task.WhenAll(extensions));
        using var after = await host.Client.GetAsync("/api/account", session);
        Assert.Equal(HttpStatusCode.Unauthorized, after.StatusCode);
    }

    [Fact]
    public async Task ExtendSession_UpToTheCeiling_ThenRefusedAndExpiresThere()
    {
        var email = Journeys.NewEmail("session");
        await host.CreateActiveAccountAsync(email);
        var signedInAt = host.Clock.UtcNow;
        var session = await host.SignInAsync(email);

        using var first = await ExtendSessionAsync(session);
        using var second = await ExtendSessionAsync(session);
        using var third = await ExtendSessionAsync(session);

        Assert.Equal(HttpStatusCode.OK, first.StatusCode);
        Assert.Equal(signedInAt + (2 * Lifetime), await ExpiryInAsync(first));
        Assert.Equal(signedInAt + ExtensionFixture.MaxLifetime, await ExpiryInAsync(second));
        Assert.Equal(ProblemCode.ExtensionLimitReached.Value, await third.ProblemCodeAsync());
        Assert.Equal("no-store", first.Headers.CacheControl?.ToString());
        Assert.Equal(FrontEnd, first.Headers.GetValues("Access-Control-Allow-Origin").Single());

        host.Clock.Advance(ExtensionFixture.MaxLifetime - TimeSpan.FromSeconds(1));
        using (var stillValid = await host.Client.GetAsync("/api/account", session))
        {
            Assert.Equal(HttpStatusCode.OK, stillValid.StatusCode);
        }

        host.Clock.Advance(TimeSpan.FromSeconds(1));
        using var expired = await host.Client.GetAsync("/api/account", session);
        using var expiredExtension = await ExtendSessionAsync(session);
        Assert.Equal(HttpStatusCode.Unauthorized, expired.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, expiredExtension.StatusCode);
        Assert.Equal(ProblemCode.SessionInvalid.Value, await expiredExtension.ProblemCodeAsync());
    }

    [Fact]
    public async Task ExtendSession_ExpiredSignedOutOrMissing_SessionInvalid()
    {
        var email = Journeys.NewEmail("fermee");
        await host.CreateActiveAccountAsync(email);
        var expiring = await host.SignInAsync(email);
        var signedOut = await host.SignInAsync(email);
        using (var signOut = await host.Client.SendJsonAsync(HttpMethod.Delete, "/api/sessions/current", null, signedOut))
        {
            Assert.Equal(HttpStatusCode.NoContent, signOut.StatusCode);
        }

        host.Clock.Advance(Lifetime);
        using var expired = await ExtendSessionAsync(expiring);
        using var closed = await ExtendSessionAsync(signedOut);
        using var missing = await ExtendSessionAsync(null);

        foreach (var refused in new[] { expired, closed, missing })
        {
            Assert.Equal(HttpStatusCode.Unauthorized, refused.StatusCode);
            Assert.Equal(ProblemCode.SessionInvalid.Value, await refused.ProblemCodeAsync());
        }
    }

    [Fact]
    public async Task ExtendSession_TwentyInParallel_NeverPassTheCeiling()
    {
        var email = Journeys.NewEmail("sessions-paralleles");
        await host.CreateActiveAccountAsync(email);
        var signedInAt = host.Clock.UtcNow;
        var session = await host.SignInAsync(email);

        var responses = await Task.WhenAll(Enumerable.Range(0, 20).Select(_ => ExtendSessionAsync(session)));
        try
        {
            await AssertStepsUpToCeilingAsync(responses, signedInAt, signedInAt + ExtensionFixture.MaxLifetime);
        }
        finally
        {
            DisposeAll(responses);
        }

        using var after = await ExtendSessionAsync(session);
        Assert.Equal(ProblemCode.ExtensionLimitReached.Value, await after.ProblemCodeAsync());
    }

    [Fact]
    public async Task OpenApi_Document_ListsBothExtensions()
    {
        using var response = await host.Client.GetAsync("/api/openapi.json");
        var paths = (await response.JsonAsync()).GetProperty("paths");

        var flow = paths.GetProperty("/api/password-recovery/extend").GetProperty("post");
        var schema = flow.GetProperty("requestBody").GetProperty("content").GetProperty("application/json").GetProperty("schema");
        Assert.Equal(["flowId"], schema.GetProperty("required").EnumerateArray().Select(e => e.GetString()));
        Assert.False(flow.TryGetProperty("security", out _));
        var session = paths.GetProperty("/api/sessions/current/extend").GetProperty("post");
        Assert.Equal("session", session.GetProperty("security")[0].EnumerateObject().Single().Name);
    }

    /// <summary>
    /// Of 20 concurrent extensions from one lifetime, exactly two can succeed (10 → 20 → 25 minutes): every other one is
    /// told the limit is reached, none is lost to a conflict, and no answer goes past the ceiling.
    /// </summary>
    private static async Task AssertStepsUpToCeilingAsync(HttpResponseMessage[] responses, DateTimeOffset openedAt, DateTimeOffset ceiling)
    {
        var granted = new List<DateTimeOffset>();
        foreach (var response in responses)
        {
            if (response.StatusCode == HttpStatusCode.OK)
            {
                granted.Add(await ExpiryInAsync(response));
            }
            else
            {
                Assert.Equal(ProblemCode.ExtensionLimitReached.Value, await response.ProblemCodeAsync());
            }
        }

        Assert.Equal([openedAt + (2 * Lifetime), ceiling], granted.Order());
    }

    private async Task<(string FlowId, DateTimeOffset OpenedAt)> VerifiedFlowAsync(string tag)
    {
        var email = Journeys.NewEmail(tag);
        await host.CreateActiveAccountAsync(email);
        var mailboxFlow = await host.IdentifyAsync(email);
        var code = RecoverySteps.CodeIn(await host.RecoveryEmailAsync(email));
        var openedAt = host.Clock.UtcNow;
        using var verify = await host.Client.PostJsonAsync("/api/password-recovery/verify", new { flowId = mailboxFlow, code });
        Assert.Equal(HttpStatusCode.OK, verify.StatusCode);
        var body = await verify.JsonAsync();
        Assert.Equal(openedAt + Lifetime, body.GetProperty("expiresAt").GetDateTimeOffset());
        return (body.GetProperty("flowId").GetString()!, openedAt);
    }

    /// <summary>The right answer; the step reports the flow's limit, which the answer does not change.</summary>
    private async Task<DateTimeOffset> AnswerAsync(string flowId)
    {
        using var answer = await host.Client.PostJsonAsync("/api/password-recovery/answer", new { flowId, answer = Journeys.Answer });
        Assert.Equal(HttpStatusCode.OK, answer.StatusCode);
        return (await answer.JsonAsync()).GetProperty("expiresAt").GetDateTimeOffset();
    }

    private Task<HttpResponseMessage> ExtendFlowAsync(string flowId)
        => SendWithOriginAsync("/api/password-recovery/extend", JsonSerializer.Serialize(new { flowId }), bearer: null);

    private Task<HttpResponseMessage> ExtendSessionAsync(string? session)
        => SendWithOriginAsync("/api/sessions/current/extend", body: null, session);

    private async Task<HttpResponseMessage> SendWithOriginAsync(string path, string? body, string? bearer)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, path);
        request.Headers.Add("Origin", FrontEnd);
        if (body is not null)
        {
            request.Content = new StringContent(body, System.Text.Encoding.UTF8, "application/json");
        }

        if (bearer is not null)
        {
            request.Headers.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", bearer);
        }

        return await host.Client.SendAsync(request);
    }

    private static async Task<DateTimeOffset> ExpiryInAsync(HttpResponseMessage response)
    {
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var body = await response.JsonAsync();
        Assert.Single(body.EnumerateObject());
        return body.GetProperty("expiresAt").GetDateTimeOffset();
    }

    private static void DisposeAll(IEnumerable<HttpResponseMessage> responses)
    {
        foreach (var response in responses)
        {
            response.Dispose();
        }
    }
}
