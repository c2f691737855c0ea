using System.Net;
using RecoveryFunctions.Core.Email;
using RecoveryFunctions.TestSupport;

namespace RecoveryFunctions.Tests.Summary;

/// <summary>contract §2.8: the summary email after activation and the email after a reset carry the récapitulatif PDF, printed by the queue worker.</summary>
[Collection(SentEmailCollection.Name)]
public sealed class SummaryEmailAttachmentTests(SentEmailFixture host)
{
    [Fact]
    public async Task Activate_SummaryEmail_CarriesThePdf()
    {
        var email = Journeys.NewEmail("piece-jointe");
        var summary = await host.CreateActiveAccountAsync(email);

        var sent = await host.WaitForSentAsync(email, e => e.Subject.Contains("Récapitulatif", StringComparison.Ordinal));

        var pdf = Assert.Single(sent.Attachments!);
        Assert.Equal(("recapitulatif-inscription.pdf", "application/pdf"), (pdf.Name, pdf.ContentType));
        var (_, text) = PdfText.Read(pdf.Content);
        Assert.Contains(summary.GetProperty("subscriberNumber").GetString()!, text, StringComparison.Ordinal);
        Assert.Contains(email, text, StringComparison.Ordinal);
        Assert.DoesNotContain(Journeys.Answer, text, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("aucun depuis l’inscription", text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Reset_PasswordChangedEmail_CarriesTheUpdatedPdf()
    {
        var email = Journeys.NewEmail("reinit-pdf");
        await host.CreateActiveAccountAsync(email);
        await host.IdentifyAsync(email);
        var flow = await host.VerifyLinkAsync(Journeys.TokenIn(await host.RecoveryEmailAsync(email)));
        var flowId = flow.GetProperty("flowId").GetString()!;
        await host.AnswerAsync(flowId);

        using (var reset = await host.SetPasswordAsync(flowId))
        {
            Assert.Equal(HttpStatusCode.OK, reset.StatusCode);
        }

        var sent = await host.WaitForSentAsync(email, e => e.Subject.Contains("mot de passe a été modifié", StringComparison.Ordinal));
        var (_, text) = PdfText.Read(Assert.Single(sent.Attachments!).Content);
        Assert.Contains("Dernier changement de mot de passe", text, StringComparison.Ordinal);
        Assert.DoesNotContain("aucun depuis l’inscription", text, StringComparison.Ordinal);
        Assert.DoesNotContain(RecoverySteps.NewPassword, text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Register_ActivationEmail_HasNoAttachment()
    {
        var email = Journeys.NewEmail("sans-piece");
        await host.RegisterAsync(email);

        var sent = await host.WaitForSentAsync(email, e => e.Subject.Contains("activ", StringComparison.OrdinalIgnoreCase));

        Assert.Null(sent.Attachments);
    }
}
