namespace RecoveryFunctions.Core.Questions;

/// <summary>One question de confiance, in French and English.</summary>
public sealed record SecurityQuestion(int Id, string French, string English)
{
    public string Text(string language) => language == "en" ? English : French;
}
