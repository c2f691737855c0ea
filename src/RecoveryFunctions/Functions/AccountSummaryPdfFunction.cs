using Microsoft.AspNetCore.Http;
using Microsoft.Azure.Functions.Worker;
using Microsoft.Extensions.Options;
using RecoveryFunctions.Core.Notifications;
using RecoveryFunctions.Core.Options;
using RecoveryFunctions.Core.Sessions;
using RecoveryFunctions.Core.Summary;
using RecoveryFunctions.Http;
using RecoveryFunctions.OpenApi;

namespace RecoveryFunctions.Functions;

/// <summary>GET /api/account/summary.pdf: the signed-in holder's récapitulatif as an A4 PDF, in the holder's language.</summary>
public sealed class AccountSummaryPdfFunction(SessionService sessions, SummaryDocumentFactory documents, ISummaryDocumentRenderer pdf, IOptions<RecoveryOptions> options, TimeProvider time)
{
    [Caller(CallerKind.Session)]
    [ApiResponse(StatusCodes.Status200OK, MediaType = SummaryAttachmentRenderer.PdfContentType)]
    [Function(nameof(AccountSummaryPdfFunction))]
    public Task<IResult> RunAsync([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "account/summary.pdf")] HttpRequest request, CancellationToken cancellationToken)
        => ApiEndpoint.HandleAsync(request, async () =>
        {
            var account = await sessions.AuthenticateAsync(BearerToken.Of(request), cancellationToken);
            var document = documents.Create(AccountSummaryFactory.Create(account, account.Language, options.Value.Profile), account.Language, time.GetUtcNow());
            return new FileResult(pdf.Render(document), SummaryAttachmentRenderer.PdfContentType, document.FileName);
        });
}
