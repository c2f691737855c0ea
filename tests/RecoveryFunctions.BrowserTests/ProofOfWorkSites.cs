namespace RecoveryFunctions.BrowserTests;

/// <summary>
/// The site with the <c>ProofOfWork</c> captcha checked for real (not AlwaysPass): the widget must solve the API's
/// challenge and the API must accept the solution. A small cost keeps the suite quick on a loaded machine.
/// </summary>
public sealed class ProofOfWorkSiteFixture : SiteFixture
{
    protected override IReadOnlyDictionary<string, string?> CaptchaSettings { get; } = new Dictionary<string, string?>
    {
        ["Captcha:Mode"] = "Image",
        ["Captcha:Provider"] = "ProofOfWork",
        ["Captcha:ProofOfWork:MaxNumber"] = "20000",
    };
}

[CollectionDefinition(Name)]
public sealed class ProofOfWorkSiteCollection : ICollectionFixture<ProofOfWorkSiteFixture>
{
    public const string Name = "Site (ProofOfWork)";
}

/// <summary>
/// The site with <c>Image+ProofOfWork</c>: both parts shown and sent. Answers pass (AlwaysPass), since a test cannot
/// read the image; the proof the widget found is checked by the test itself.
/// </summary>
public sealed class ImageAndProofOfWorkSiteFixture : SiteFixture
{
    protected override IReadOnlyDictionary<string, string?> CaptchaSettings { get; } = new Dictionary<string, string?>
    {
        ["Captcha:Mode"] = "AlwaysPass",
        ["Captcha:Provider"] = "Image+ProofOfWork",
        ["Captcha:ProofOfWork:MaxNumber"] = "20000",
    };
}

[CollectionDefinition(Name)]
public sealed class ImageAndProofOfWorkSiteCollection : ICollectionFixture<ImageAndProofOfWorkSiteFixture>
{
    public const string Name = "Site (Image+ProofOfWork)";
}
