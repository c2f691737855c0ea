using System.Text.Json;
using RecoveryFunctions.Core.Assistance;
using RecoveryFunctions.Core.Captcha;
using RecoveryFunctions.Core.Recovery;
using RecoveryFunctions.Core.Sessions;
using RecoveryFunctions.Core.Summary;
using RecoveryFunctions.Functions;
using RecoveryFunctions.Http;

namespace RecoveryFunctions.Tests.Http;

/// <summary>
/// The function app's response records write, byte for byte, what serializing the Core records directly used to
/// write: same names, order, casing and nulls. Each pair below is one mapping the functions make.
/// </summary>
public sealed class ResponseContractsTests
{
    private static readonly DateTimeOffset At = new(2026, 3, 1, 9, 30, 0, TimeSpan.Zero);
    private static readonly QuestionView Question = new(4, "Nom de votre premier animal ?");

    public static TheoryData<string, object, object> Pairs()
    {
        var summary = new AccountSummary("1234567890128", "jean@example.fr", Question, null, "active", At, null);
        var agent = new AgentAccountView("1234567890128", "jean@example.fr", Question, "+33 6 •• •• •• 78", "active", At, At, null, At.AddHours(1), 0);
        var challenge = new AltchaChallenge("SHA-256", "abc", 50000, "salt?expires=1", "sig");
        var grant = new SessionGrant("token", At);
        var flow = new OpenFlow("flow", At);
        var events = new[] { new AccountEventView(At, "recovery-locked", "holder", null), new AccountEventView(At, "unlock", "agent:Marie", "motif") };
        return new()
        {
            { "summary", summary, AccountSummaryResponse.From(summary) },
            { "agent view", agent, AgentAccountResponse.From(agent) },
            { "ALTCHA challenge", challenge, new ProofOfWorkChallenge(challenge.Algorithm, challenge.Challenge, challenge.MaxNumber, challenge.Salt, challenge.Signature) },
            { "session", grant, new SessionResponse(grant.SessionToken, grant.ExpiresAt) },
            { "open flow", flow, new OpenFlowResponse(flow.FlowId, flow.ExpiresAt) },
            { "events", events, events.Select(e => new AccountEventResponse(e.At, e.Type, e.Actor, e.Detail)).ToList() },
        };
    }

    [Theory]
    [MemberData(nameof(Pairs))]
    public void Serialize_ResponseRecord_SameJsonAsTheCoreRecordItReplaces(string mapping, object core, object response)
    {
        Assert.NotEmpty(mapping);
        Assert.Equal(JsonSerializer.Serialize(core, core.GetType(), ApiJson.Options), JsonSerializer.Serialize(response, response.GetType(), ApiJson.Options));
    }

    [Fact]
    public void Serialize_VerifiedFlow_SaysWhatComesNextAndWhichFactors()
    {
        var atFactor = VerifiedFlowResponse.From(new VerifiedFlow("flow", RecoveryFlowStage.Factor, null, [RecoveryFactor.RecoveryCode], At, 3));
        var atAnswer = VerifiedFlowResponse.From(new VerifiedFlow("flow", RecoveryFlowStage.Answer, Question, [], At, 2));

        Assert.Equal("""{"flowId":"flow","securityQuestion":null,"expiresAt":"2026-03-01T09:30:00+00:00","attemptsLeft":3,"next":"factor","factors":["recovery-code"]}""", JsonSerializer.Serialize(atFactor, ApiJson.Options));
        Assert.Equal(("answer", 4, 0), (atAnswer.Next, atAnswer.SecurityQuestion!.Id, atAnswer.Factors.Count));
    }
}
