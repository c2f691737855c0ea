using RecoveryFunctions.Infrastructure.Storage;

namespace RecoveryFunctions.Tests.Configuration;

/// <summary><c>Storage:Accounts:{family}</c> checked at start: a wrong placement stops the app naming the setting.</summary>
public sealed class StorageAccountsOptionsTests
{
    [Fact]
    public void Validate_ThrottlesOverThreeConfiguredConnections_Accepted()
    {
        var result = Validate(("Throttles", "T1,T2,AzureWebJobsStorage"), ("Accounts", "A"));

        Assert.True(result.Succeeded, result.FailureMessage);
    }

    [Theory]
    [InlineData("Sessions", "A", "is not a table family")]
    [InlineData("Tokens", "A,T1", "must name one connection")]
    [InlineData("Throttles", "T1,T1", "must name one connection")]
    [InlineData("Audit", "Missing", "'Missing', which is not configured")]
    public void Validate_WrongPlacement_RefusedNamingTheSetting(string family, string connections, string expected)
    {
        var result = Validate((family, connections));

        Assert.True(result.Failed);
        Assert.Contains($"Storage:Accounts:{family}", result.FailureMessage, StringComparison.Ordinal);
        Assert.Contains(expected, result.FailureMessage, StringComparison.Ordinal);
    }

    private static Microsoft.Extensions.Options.ValidateOptionsResult Validate(params (string Family, string Connections)[] placements)
    {
        var options = new StorageOptions { ConnectionString = "UseDevelopmentStorage=true" };
        foreach (var (family, connections) in placements)
        {
            options.Accounts[family] = connections;
        }

        options.Connections["A"] = new StorageConnection(null, "staccounts");
        options.Connections["T1"] = new StorageConnection("UseDevelopmentStorage=true", null);
        options.Connections["T2"] = new StorageConnection(null, "stthrottles2");
        return new StorageOptionsValidator().Validate(null, options);
    }
}
