using System.Text.Json.Nodes;
using RecoveryFunctions.Core.Options;
using RecoveryFunctions.Infrastructure.Passkeys;
using MsOptions = Microsoft.Extensions.Options.Options;

namespace RecoveryFunctions.Tests.Passkeys;

/// <summary>The relying party's name an authenticator shows beside a key: the service's brand unless set on its own (one name for the service).</summary>
public sealed class PasskeyRelyingPartyTests
{
    [Theory]
    [InlineData("", "demarches.example.fr")]
    [InlineData("Nom choisi pour les clés", "Nom choisi pour les clés")]
    public void CreationOptions_RelyingPartyName_ServiceBrandUnlessSet(string configured, string shown)
    {
        var webAuthn = new Fido2WebAuthn(
            MsOptions.Create(new PasskeyOptions { RelyingPartyName = configured }),
            MsOptions.Create(new RecoveryOptions { FrontEndBaseUrl = "https://front.example.fr" }),
            MsOptions.Create(new ServiceOptions { Brand = "demarches.example.fr" }));

        var rp = JsonNode.Parse(webAuthn.CreationOptions(new byte[32], "AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA", "jean@example.fr", []))!["rp"]!;

        Assert.Equal((shown, "front.example.fr"), (rp["name"]!.GetValue<string>(), rp["id"]!.GetValue<string>()));
    }
}
