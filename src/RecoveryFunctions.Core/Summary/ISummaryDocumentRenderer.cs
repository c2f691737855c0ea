namespace RecoveryFunctions.Core.Summary;

/// <summary>Lays a <see cref="SummaryDocument"/> out as an A4 PDF. The PDF library lives in Infrastructure, behind this port.</summary>
public interface ISummaryDocumentRenderer
{
    byte[] Render(SummaryDocument document);
}
