namespace RecoveryFunctions.Http;

/// <summary>A problem's title and detail in both languages.</summary>
internal sealed record ProblemText(string TitleFr, string DetailFr, string TitleEn, string DetailEn)
{
    public string Title(string language) => language == RequestLanguage.English ? TitleEn : TitleFr;

    public string Detail(string language) => language == RequestLanguage.English ? DetailEn : DetailFr;
}
