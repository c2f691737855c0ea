using Microsoft.Extensions.DependencyInjection;
using RecoveryFunctions.Core.Accounts;
using RecoveryFunctions.Core.Registration;
using RecoveryFunctions.TestSupport.InMemory;

namespace RecoveryFunctions.Tests.Registration;

/// <summary>Registration's rules on the Core services and the in-memory adapters (what it costs in storage operations: RegistrationOperationsTests, on Azurite).</summary>
public sealed class RegistrationUseCaseTests(InMemoryServiceGraph graph) : IClassFixture<InMemoryServiceGraph>
{
    [Fact]
    public async Task Register_ExistingAddress_LeavesOneAccountAndItsData()
    {
        var active = await graph.CreateAccountAsync(AccountStatus.Active);
        var accounts = graph.Services.GetRequiredService<IAccountStore>();
        var before = (await accounts.FindByEmailAsync(active))!;

        await graph.Request<RegistrationService>().RegisterAsync(new RegistrationRequest(active, "Pommier-Rouge-7315", 2, "Médor le chien", null, "fr"));

        var after = (await accounts.FindByEmailAsync(active))!;
        Assert.Equal(before.Version, after.Version);
        Assert.Equal(before.Account.PasswordHash, after.Account.PasswordHash);
    }
}
