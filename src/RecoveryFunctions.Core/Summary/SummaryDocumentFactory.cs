using Microsoft.Extensions.Options;
using RecoveryFunctions.Core.Dates;
using RecoveryFunctions.Core.Options;
using RecoveryFunctions.Core.Registration;

namespace RecoveryFunctions.Core.Summary;

/// <summary>
/// Words the récapitulatif for print, in French or English, with the date it was issued and the service's name.
/// The account space and the summary email build it from the same <see cref="AccountSummary"/>, so both PDFs match.
/// </summary>
public sealed class SummaryDocumentFactory(ReadableDates dates, IOptions<ServiceOptions> service)
{
    public SummaryDocument Create(AccountSummary summary, string language, DateTimeOffset issuedAt)
    {
        ArgumentNullException.ThrowIfNull(summary);
        var english = Languages.IsEnglish(language);
        var lang = english ? Languages.English : Languages.French;
        string Date(DateTimeOffset at) => dates.Format(at, lang);

        // No question line at all under the ASVS profile (the summary has none), rather than an empty one.
        SummaryDocumentField? question = summary.SecurityQuestion is { } q ? new(english ? "Security question" : "Question de confiance", q.Text) : null;
        IReadOnlyList<SummaryDocumentField?> lines = english
            ?
            [
                new("Subscriber number", summary.SubscriberNumber),
                new("Login email address", summary.Email),
                question,
                new("Phone", summary.Phone ?? "not given"),
                new("Status", summary.Status == "active" ? "active" : "awaiting activation"),
                new("Registered on", Date(summary.RegisteredAt)),
                new("Password last changed", summary.PasswordChangedAt is { } changedEn ? Date(changedEn) : "not changed since registration"),
            ]
            :
            [
                new("Numéro d’abonné", summary.SubscriberNumber),
                new("Adresse électronique (identifiant)", summary.Email),
                question,
                new("Téléphone", summary.Phone ?? "non renseigné"),
                new("Statut", summary.Status == "active" ? "actif" : "en attente d’activation"),
                new("Date d’inscription", Date(summary.RegisteredAt)),
                new("Dernier changement de mot de passe", summary.PasswordChangedAt is { } changedFr ? Date(changedFr) : "aucun depuis l’inscription"),
            ];

        IReadOnlyList<SummaryDocumentField> fields = [.. lines.OfType<SummaryDocumentField>()];
        var name = service.Value.NameIn(lang);
        var brand = service.Value.Brand;
        var address = service.Value.DisplayAddress;
        return english
            ? new SummaryDocument(lang, name, brand, address, "Registration summary", $"Issued on {Date(issuedAt)}", fields,
                question is null
                    ? "For your security, your password does not appear in this document. Keep it somewhere safe."
                    : "For your security, neither your password nor the answer to your security question appears in this document. Keep it somewhere safe.",
                "registration-summary.pdf")
            : new SummaryDocument(lang, name, brand, address, "Récapitulatif d’inscription", $"Document établi le {Date(issuedAt)}", fields,
                question is null
                    ? "Pour votre sécurité, votre mot de passe ne figure pas dans ce document. Conservez-le en lieu sûr."
                    : "Pour votre sécurité, ni votre mot de passe ni la réponse à votre question de confiance ne figurent dans ce document. Conservez-le en lieu sûr.",
                "recapitulatif-inscription.pdf");
    }
}
