using System.Net;
using System.Text.RegularExpressions;
using RecoveryFunctions.TestSupport;

namespace RecoveryFunctions.Tests.EndToEnd;

/// <summary>The recovery email as a person reads it: the code in two groups, the limit in words; the code typed any way.</summary>
[Collection(LocalHostCollection.Name)]
public sealed partial class EmailedCodeTests(LocalHostFixture host)
{
    [Fact]
    public async Task RecoveryEmail_CodeGroupedAndLimitInParisTime_AcceptedWithOrWithoutSeparators()
    {
        var email = Journeys.NewEmail("saisie");
        await host.CreateActiveAccountAsync(email);
        var typings = new Func<string, string>[]
        {
            code => code,                                         // as shown: 8DPF-6HSC
            code => code.Replace("-", "", StringComparison.Ordinal).ToLowerInvariant(), // 8dpf6hsc
            code => code.Replace("-", " ", StringComparison.Ordinal),            // 8DPF 6HSC
            code => " " + code.Replace("-", "\u2013", StringComparison.Ordinal).ToLowerInvariant() + " ", // en dash from a phone keyboard
        };

        for (var i = 0; i < typings.Length; i++)
        {
            var flowId = await host.IdentifyAsync(email);
            var message = await host.RecoveryEmailAsync(email, i + 1);
            var shown = RecoverySteps.CodeIn(message);
            Assert.Matches(ParisLimit(), message.TextBody);
            Assert.DoesNotMatch(IsoInstant(), message.TextBody + message.HtmlBody);

            using var verify = await host.Client.PostJsonAsync("/api/password-recovery/verify", new { flowId, code = typings[i](shown) });

            Assert.Equal(HttpStatusCode.OK, verify.StatusCode);
        }
    }

    [GeneratedRegex(@"valables jusqu’au (1er|[0-9]{1,2}) [a-zéû]+ 20[0-9]{2} à [0-9]{1,2}\u00A0h\u00A0[0-9]{2} \(heure de Paris\)")]
    private static partial Regex ParisLimit();

    [GeneratedRegex(@"\d{4}-\d{2}-\d{2}T\d{2}:")]
    private static partial Regex IsoInstant();
}
