using RecoveryFunctions.Core.Email;
using RecoveryFunctions.Core.Summary;

namespace RecoveryFunctions.Core.Notifications;

/// <summary>
/// Renders an email, then, when its values hold a récapitulatif (<see cref="SummaryEmail"/>), prints it as the PDF
/// attachment, dated at send time. Runs in the queue worker, so the outbox message never carries the file
/// (Storage queue messages are limited to 64 KiB).
/// </summary>
public sealed class SummaryAttachmentRenderer(EmailRenderer inner, SummaryDocumentFactory documents, ISummaryDocumentRenderer pdf, TimeProvider time) : IEmailRenderer
{
    public const string PdfContentType = "application/pdf";

    public RenderedEmail Render(EmailTemplate template, string language, IReadOnlyDictionary<string, string> values)
    {
        var rendered = inner.Render(template, language, values);
        if (!SummaryEmail.TryRead(values, out var summary))
        {
            return rendered;
        }

        var document = documents.Create(summary, language, time.GetUtcNow());
        return rendered with { Attachments = [new EmailAttachment(document.FileName, PdfContentType, pdf.Render(document))] };
    }
}
