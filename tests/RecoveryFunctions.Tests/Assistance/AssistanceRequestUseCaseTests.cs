using Microsoft.Extensions.DependencyInjection;
using RecoveryFunctions.Core.Accounts;
using RecoveryFunctions.Core.Assistance;
using RecoveryFunctions.Core.Assistance.Requests;
using RecoveryFunctions.Core.Errors;
using RecoveryFunctions.Core.Identity;
using RecoveryFunctions.TestSupport.InMemory;
using static RecoveryFunctions.Tests.Assistance.AssistanceRequestOperationsTests;

namespace RecoveryFunctions.Tests.Assistance;

/// <summary>
/// contract §2.7, the request's rules on the Core services and the in-memory adapters: the per-address limit, the volume
/// agents see, field validation (what a request costs in storage operations: AssistanceRequestOperationsTests, on Azurite).
/// </summary>
public sealed class AssistanceRequestUseCaseTests(InMemoryServiceGraph graph) : IClassFixture<InMemoryServiceGraph>
{
    private AssistanceRequestService Service => graph.Request<AssistanceRequestService>();

    [Fact]
    public async Task Accept_FourthFromOneAddressInAnHour_RateLimited()
    {
        for (var i = 0; i < 3; i++)
        {
            await Service.AcceptAsync(AssistanceRequestService.Validate(Input(SubscriberNumber.Generate(), null)), "198.51.100.99");
        }

        var refused = await Assert.ThrowsAsync<DomainException>(() => Service.AcceptAsync(AssistanceRequestService.Validate(Input(SubscriberNumber.Generate(), null)), "198.51.100.99"));
        Assert.Equal(ProblemCode.RateLimited.Value, refused.Code);
    }

    [Fact]
    public async Task Accept_TenAddressesNamingOneAccount_NeverRefusedAndCounted()
    {
        var accounts = graph.Services.GetRequiredService<IAccountStore>();
        var email = await graph.CreateAccountAsync(AccountStatus.Active);
        var known = (await accounts.FindByEmailAsync(email))!.Account;
        for (var i = 0; i < 10; i++)
        {
            await AcceptAsync(Input(known.SubscriberNumber, email, $"Demande {i} d'un tiers."));
        }

        var holders = await AcceptAsync(Input(known.SubscriberNumber, null, "C'est bien moi, le titulaire."));

        var agent = new AgentRequest(new AgentIdentity("agent-oid", "Agent Volume"), "Vérification du volume des demandes");
        var (items, _) = await Service.ListOpenAsync(agent, null, 100, "fr");
        var listed = Assert.Single(items, i => i.Request.Reference == holders.Reference);
        Assert.Equal(known.SubscriberNumber, listed.Account?.SubscriberNumber);
        Assert.Equal(new NamedVolume(11, 11), listed.Volume.SubscriberNumber);
        Assert.Equal(new NamedVolume(10, 10), listed.Volume.Email);
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

    /// <summary>Accepts from a client address of its own.</summary>
    private async Task<(string Reference, string Client)> AcceptAsync(AssistanceRequestInput input)
    {
        var client = NextClient();
        return (await Service.AcceptAsync(AssistanceRequestService.Validate(input), client), client);
    }
}
