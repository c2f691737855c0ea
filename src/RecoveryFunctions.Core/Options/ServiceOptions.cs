using System.ComponentModel.DataAnnotations;

namespace RecoveryFunctions.Core.Options;

/// <summary>
/// What the service is called, whose brand it carries and where people find it: one value each, read by the site
/// (config.json), every email and the récapitulatif, so a person meets one name (issue 25, item 3).
/// </summary>
public sealed class ServiceOptions
{
    public const string SectionName = "Service";

    /// <summary>The service's name in French, as the site's header, every email and the PDF show it.</summary>
    [Required, MinLength(2), MaxLength(60)]
    public string Name { get; set; } = "Espace professionnel";

    /// <summary>The same name in English.</summary>
    [Required, MinLength(2), MaxLength(60)]
    public string EnglishName { get; set; } = "Professional space";

    /// <summary>The portal the service belongs to, shown beside its name and refused inside passwords ("impots" of impots.gouv.fr).</summary>
    [Required, MinLength(2), MaxLength(60)]
    public string Brand { get; set; } = "impots.gouv.fr";

    /// <summary>The portal's public address as people type it, in the footer of emails and the PDF.</summary>
    [Required, Url]
    public string Address { get; set; } = "https://www.impots.gouv.fr";

    /// <summary>The name in <paramref name="language"/> (French unless English).</summary>
    public string NameIn(string language) => Registration.Languages.IsEnglish(language) ? EnglishName : Name;

    /// <summary>The address without its scheme, as printed: www.impots.gouv.fr.</summary>
    public string DisplayAddress => Uri.TryCreate(Address, UriKind.Absolute, out var uri) ? (uri.Host + uri.AbsolutePath).TrimEnd('/') : Address;
}

public sealed class ServiceOptionsValidator() : OptionsValidator<ServiceOptions>(ServiceOptions.SectionName)
{
    protected override void Check(ServiceOptions options, List<string> failures)
    {
        // One line each: the names go into email subjects and the PDF's title.
        foreach (var (key, value) in new[] { (nameof(options.Name), options.Name), (nameof(options.EnglishName), options.EnglishName), (nameof(options.Brand), options.Brand) })
        {
            if (value.Any(char.IsControl))
            {
                failures.Add($"{Key(key)} must be one line of text.");
            }
        }
    }
}
