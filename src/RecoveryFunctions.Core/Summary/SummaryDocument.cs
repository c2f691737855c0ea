namespace RecoveryFunctions.Core.Summary;

/// <summary>
/// The printable récapitulatif (contract §2.8), worded in the holder's language and ready to lay out: every string
/// is final text, so a renderer only places it on the page. Never the answer.
/// </summary>
public sealed record SummaryDocument(
    string Language,
    string ServiceName,
    string Brand,
    string Address,
    string Title,
    string Issued,
    IReadOnlyList<SummaryDocumentField> Fields,
    string Notice,
    string FileName);

/// <summary>One labelled line of the récapitulatif.</summary>
public sealed record SummaryDocumentField(string Label, string Value);
