using System.Diagnostics;
using System.Net;
using Microsoft.Extensions.DependencyInjection;
using RecoveryFunctions.Core.Errors;
using RecoveryFunctions.Core.Telemetry;
using RecoveryFunctions.Infrastructure.Storage;
using RecoveryFunctions.TestSupport;

namespace RecoveryFunctions.Tests.Telemetry;

/// <summary>contract §7: what the worker exports follows one recovery end to end, and its counters say exactly what happened.</summary>
[Collection(TelemetryCollection.Name)]
public sealed class TelemetryTests(TelemetryFixture host)
{
    [Fact]
    public async Task FullRecovery_OneTraceparent_OneTraceAcrossHttpQueueAndEmailService()
    {
        var email = Journeys.NewEmail("trace");
        await host.CreateActiveAccountAsync(email);

        ActivityTraceId trace;
        using (var journey = host.Telemetry.StartJourney())
        {
            trace = journey.TraceId;
            await CompleteRecoveryAsync(email);
        }

        // Two emails (the link, then "mot de passe modifié"), each delivered by the queue worker through the email service.
        var spans = await host.Telemetry.WaitForSpansAsync(trace, s => Deliveries(s).Count() == 2 && Deliveries(s).All(d => AcsCallsUnder(s, d).Any()));
        var byId = spans.ToDictionary(s => s.SpanId);
        var steps = spans.Where(s => s.Kind == ActivityKind.Server && Path(s).StartsWith("/api/password-recovery", StringComparison.Ordinal)).ToList();
        Assert.Equal(4, steps.Count);
        foreach (var delivery in Deliveries(spans))
        {
            // The worker's span continues the HTTP step that queued the message...
            var ancestors = Ancestors(delivery, byId).ToList();
            Assert.Contains(ancestors, a => steps.Contains(a));
            Assert.Equal(ActivityKind.Consumer, delivery.Kind);

            // ... and the call to the email service is its child.
            var send = Assert.Single(AcsCallsUnder(spans, delivery), c => c.GetTagItem("http.request.method") as string == "POST");
            Assert.Equal(ActivityKind.Client, send.Kind);
        }

        Assert.All(spans, s => Assert.Equal(trace, s.TraceId));
    }

    [Fact]
    public async Task ScriptedJourneys_Counters_AreExactlyWhatHappened()
    {
        var completing = new[] { Journeys.NewEmail("compte-a"), Journeys.NewEmail("compte-b") };
        var locking = Journeys.NewEmail("compte-c");
        foreach (var address in completing.Append(locking))
        {
            await host.CreateActiveAccountAsync(address);
        }

        // Emails still on their way (these activations, earlier tests on this host) must not land in the tally.
        await host.WaitForOutboxIdleAsync();
        using var tally = new MeasurementTally(host.Host.Services);

        // Three recoveries start; two finish; the third answers wrong three times and locks.
        foreach (var address in completing)
        {
            await CompleteRecoveryAsync(address);
        }

        var flowId = await host.IdentifyAsync(locking);
        var code = RecoverySteps.CodeIn(await host.RecoveryEmailAsync(locking));
        using (var verified = await host.Client.PostJsonAsync("/api/password-recovery/verify", new { flowId, code }))
        {
            flowId = (await verified.JsonAsync()).GetProperty("flowId").GetString()!;
        }

        var refusals = new List<HttpStatusCode>();
        for (var i = 0; i < 3; i++)
        {
            using var wrong = await host.Client.PostJsonAsync("/api/password-recovery/answer", new { flowId, answer = "pas la bonne réponse" });
            refusals.Add(wrong.StatusCode);
        }

        await tally.WaitForAsync(RecoveryMetrics.EmailSent, "template=PasswordChanged", 2);
        await tally.WaitForAsync(RecoveryMetrics.EmailSent, "template=RecoveryLocked", 1);
        await tally.WaitForAsync(RecoveryMetrics.EmailSent, "template=RecoveryLink", 3);

        Assert.Equal(3, tally[RecoveryMetrics.RecoveryStarted]);
        Assert.Equal(3, tally[RecoveryMetrics.RecoveryMailboxProven, "channel=self-service"]);
        Assert.Equal(2, tally[RecoveryMetrics.RecoveryAnswered]);
        Assert.Equal(2, tally[RecoveryMetrics.RecoveryCompleted]);
        Assert.Equal(1, tally[RecoveryMetrics.LocksSet]);
        Assert.Equal(1, tally[RecoveryMetrics.LocksSet, "kind=answer"]);
        Assert.Equal(2, tally[RecoveryMetrics.Refused, $"code={FieldCodes.AnswerIncorrect}"]);
        Assert.Equal(1, tally[RecoveryMetrics.Refused, $"code={ProblemCode.RecoveryLocked.Value}"]);
        Assert.Equal(3, tally[RecoveryMetrics.Refused]);
        Assert.Equal(3, tally[RecoveryMetrics.CaptchaChecked, "outcome=solved"]);
        Assert.Equal(3, tally[RecoveryMetrics.EmailQueued, "template=RecoveryLink"]);
        Assert.Equal(2, tally[RecoveryMetrics.EmailQueued, "template=PasswordChanged"]);
        Assert.Equal(1, tally[RecoveryMetrics.EmailQueued, "template=RecoveryLocked"]);
        Assert.Equal(6, tally[RecoveryMetrics.EmailQueued]);
        Assert.Equal(3, tally[RecoveryMetrics.EmailSent, "template=RecoveryLink"]);
        Assert.Equal(2, tally[RecoveryMetrics.EmailSent, "template=PasswordChanged"]);
        Assert.Equal(1, tally[RecoveryMetrics.EmailSent, "template=RecoveryLocked"]);
        Assert.Equal(0, tally[RecoveryMetrics.EmailThrottled] + tally[RecoveryMetrics.EmailRetried] + tally[RecoveryMetrics.EmailPoisoned]);
        Assert.Equal([HttpStatusCode.BadRequest, HttpStatusCode.BadRequest], refusals.Take(2));
    }

    /// <summary>Identify, the emailed link, the answer, the new password: the four HTTP steps.</summary>
    private async Task CompleteRecoveryAsync(string email)
    {
        await host.IdentifyAsync(email);
        var token = Journeys.TokenIn(await host.RecoveryEmailAsync(email));
        var flowId = (await host.VerifyLinkAsync(token)).GetProperty("flowId").GetString()!;
        await host.AnswerAsync(flowId);
        using var reset = await host.SetPasswordAsync(flowId);
        Assert.Equal(HttpStatusCode.OK, reset.StatusCode);
    }

    private static IEnumerable<Activity> Deliveries(IReadOnlyList<Activity> spans)
        => spans.Where(s => s.Source.Name == RecoveryMetrics.Name && s.OperationName == "email.deliver");

    private static IEnumerable<Activity> AcsCallsUnder(IReadOnlyList<Activity> spans, Activity delivery)
        => spans.Where(s => s.ParentSpanId == delivery.SpanId && s.Kind == ActivityKind.Client && (s.GetTagItem("url.full") as string ?? "").Contains("/emails", StringComparison.Ordinal));

    private static IEnumerable<Activity> Ancestors(Activity span, Dictionary<ActivitySpanId, Activity> byId)
    {
        for (var current = span; byId.TryGetValue(current.ParentSpanId, out var parent); current = parent)
        {
            yield return parent;
        }
    }

    private static string Path(Activity span) => span.GetTagItem("url.path") as string ?? "";
}
