using Microsoft.Extensions.DependencyInjection;
using RecoveryFunctions.Core.Accounts;
using RecoveryFunctions.Core.Assistance.Requests;
using RecoveryFunctions.Core.Errors;
using RecoveryFunctions.Core.Identity;
using RecoveryFunctions.TestSupport;

namespace RecoveryFunctions.Tests.Assistance;

/// <summary>
/// SPEC §2.7: an online assistance request costs the same storage and queue operations (kinds, count, order, counted
/// on the real SDK clients) for a known account, an unknown number, an unknown address and a pending account.
/// </summary>
public sealed class AssistanceRequestOperationsTests(ServiceGraphFixture graph) : IClassFixture<ServiceGraphFixture>
{
    private const string Message = "J'ai oublié la réponse à ma question de confiance, merci de me rappeler.";

    [Fact]
    public async Task Accept_KnownUnknownNumberUnknownEmailPending_SameOperations()
    {
        var accounts = graph.Services.GetRequiredService<IAccountStore>();
        var known = (await accounts.FindByEmailAsync(await graph.CreateAccountAsync(AccountStatus.Active)))!.Account;
        var pending = await graph.CreateAccountAsync(AccountStatus.Pending);
        var service = graph.Services.GetRequiredService<AssistanceRequestService>();
        var inputs = new[]
        {
            Input(known.SubscriberNumber, null),
            Input(SubscriberNumber.Generate(), null),
            Input(null, $"inconnu.{Guid.NewGuid():N}@example.fr"),
            Input(null, pending),
        };

        var seen = new List<IReadOnlyList<string>>();
        var references = new List<string>();
        var ip = 1;
        foreach (var input in inputs)
        {
            graph.StorageOperations.Clear();
            references.Add(await service.AcceptAsync(AssistanceRequestService.Validate(input), $"203.0.113.{ip++}"));
            seen.Add(graph.StorageOperations.Requests.Select(r => $"{r.Method} {r.Resource}").ToList());
        }

        Assert.Contains(seen[0], op => op.StartsWith("POST email-", StringComparison.Ordinal));
        Assert.Contains(seen[0], op => op.Contains("AssistanceRequests", StringComparison.Ordinal));
        Assert.All(seen, operations => Assert.Equal(seen[0], operations));
        Assert.All(references, r => Assert.Matches("^[0-9]{8}-[0-9]{6}-[A-Z0-9]{6}$", r));
    }

    [Fact]
    public async Task Accept_MessageWithTheAccountsPassword_RefusedAndNothingStored()
    {
        var accounts = graph.Services.GetRequiredService<IAccountStore>();
        var known = (await accounts.FindByEmailAsync(await graph.CreateAccountAsync(AccountStatus.Active)))!.Account;
        var service = graph.Services.GetRequiredService<AssistanceRequestService>();

        var refused = await Assert.ThrowsAsync<DomainException>(() => service.AcceptAsync(
            AssistanceRequestService.Validate(Input(known.SubscriberNumber, null, "Bonjour, mon mot de passe est Cerisier-Bleu-4821 et il ne marche plus.")), "203.0.113.50"));
        var answer = await Assert.ThrowsAsync<DomainException>(() => service.AcceptAsync(
            AssistanceRequestService.Validate(Input(known.SubscriberNumber, null, "Ma réponse : Dupont. Merci.")), "203.0.113.51"));

        Assert.Equal(ProblemCode.MessageContainsSecret.Value, refused.Code);
        Assert.Equal(ProblemCode.MessageContainsSecret.Value, answer.Code);
        var open = await graph.Services.GetRequiredService<IAssistanceRequestStore>().ListOpenAsync(null, 100);
        Assert.DoesNotContain(open.Requests, r => r.AccountNumber == known.SubscriberNumber);
    }

    [Fact]
    public async Task Accept_FourthFromOneAddressInAnHour_RateLimited()
    {
        var service = graph.Services.GetRequiredService<AssistanceRequestService>();
        for (var i = 0; i < 3; i++)
        {
            await service.AcceptAsync(AssistanceRequestService.Validate(Input(SubscriberNumber.Generate(), null)), "198.51.100.99");
        }

        var refused = await Assert.ThrowsAsync<DomainException>(() => service.AcceptAsync(AssistanceRequestService.Validate(Input(SubscriberNumber.Generate(), null)), "198.51.100.99"));
        Assert.Equal(ProblemCode.RateLimited.Value, refused.Code);
    }

    [Fact]
    public async Task Accept_FourthForOneNumberInADay_RateLimitedFromAnyAddress()
    {
        var service = graph.Services.GetRequiredService<AssistanceRequestService>();
        var number = SubscriberNumber.Generate();
        for (var i = 0; i < 3; i++)
        {
            await service.AcceptAsync(AssistanceRequestService.Validate(Input(number, null)), $"192.0.2.{10 + i}");
        }

        var refused = await Assert.ThrowsAsync<DomainException>(() => service.AcceptAsync(AssistanceRequestService.Validate(Input(number, null)), "192.0.2.20"));
        Assert.Equal(ProblemCode.RateLimited.Value, refused.Code);
        Assert.True(refused.RetryAfter > TimeSpan.FromHours(1));
    }

    [Theory]
    [InlineData(null, null, "contact@example.fr", "other", "x", "subscriberNumber")]
    [InlineData("9052005203487", null, null, "other", "x", "contactEmail")]
    [InlineData("9052005203487", null, "contact@example.fr", "unknown-topic", "x", "topic")]
    [InlineData("9052005203487", null, "contact@example.fr", "other", "a\u202Eb", "message")]
    public void Validate_BadField_NamesIt(string? number, string? email, string? contact, string topic, string message, string field)
    {
        var refused = Assert.Throws<DomainException>(() => AssistanceRequestService.Validate(new AssistanceRequestInput(number, email, contact, null, topic, message, "fr")));

        Assert.Contains(field, refused.Errors!.Keys);
    }

    [Fact]
    public void Validate_MessageOverTwoThousandCharacters_Refused()
    {
        var refused = Assert.Throws<DomainException>(() => AssistanceRequestService.Validate(Input("9052005203487", null, new string('a', 2001))));

        Assert.Equal([FieldCodes.MessageTooLong], refused.Errors!["message"]);
    }

    private static AssistanceRequestInput Input(string? number, string? email, string message = Message)
        => new(number, email, "contact.tiers@example.fr", null, "answer-forgotten", message, "fr");
}
