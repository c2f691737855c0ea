using System.Text.RegularExpressions;

namespace RecoveryFunctions.BrowserTests;

/// <summary>
/// Every text key the pages and scripts use exists in both languages, read from the files themselves: a key missing in
/// one of them would reach a person as "error.link-invalid". The browser side (SiteFixture.CheckPageAsync) also looks
/// for raw keys on every page state the journeys reach.
/// </summary>
public sealed partial class MessageKeyTests
{
    private static readonly string Root = SitePages.Root;

    private static string Read(string path) => File.ReadAllText(Path.Combine(Root, path));

    /// <summary>messages.js: key → [French, English].</summary>
    internal static Dictionary<string, (string Fr, string En)> Messages() =>
        MessageEntry().Matches(Read("js/messages.js")).ToDictionary(m => m.Groups["key"].Value, m => (m.Groups["fr"].Value, m.Groups["en"].Value));

    /// <summary>i18n-en.js: key → English (the French is the HTML's own text).</summary>
    internal static Dictionary<string, string> English() =>
        EnglishEntry().Matches(Read("js/i18n-en.js")).ToDictionary(m => m.Groups["key"].Value, m => m.Groups["en"].Value);

    private static IEnumerable<string> Scripts() =>
        Directory.EnumerateFiles(Path.Combine(Root, "js"), "*.js", SearchOption.AllDirectories)
            .Where(f => Path.GetFileName(f) is not ("messages.js" or "i18n-en.js"));

    /// <summary>The first word of every key ("error", "fp", …): what a raw key on a page starts with.</summary>
    internal static string[] KeyFamilies() => [.. Messages().Keys.Concat(English().Keys).Select(k => k.Split('.')[0]).Distinct()];

    [Fact]
    public void Every_message_has_both_languages_and_every_page_key_its_English()
    {
        var messages = Messages();
        Assert.True(messages.Count > 100, $"messages.js read as {messages.Count} entries: the pattern no longer matches its lines");
        Assert.Empty(messages.Where(m => m.Value.Fr.Length == 0 || m.Value.En.Length == 0).Select(m => m.Key));
        var english = English();
        var used = SitePages.Files().Concat(Scripts()).SelectMany(f => PageKey().Matches(File.ReadAllText(f)).Select(m => (File: Path.GetRelativePath(Root, f), Key: m.Groups["key"].Value)));
        Assert.Empty(used.Where(u => !english.ContainsKey(u.Key) || english[u.Key].Length == 0).Select(u => $"{u.File}: {u.Key}"));
    }

    [Fact]
    public void Every_key_a_script_names_exists()
    {
        var messages = Messages();
        var known = messages.Keys.Concat(English().Keys).ToHashSet();
        var families = known.Select(k => k.Split('.')[0]).ToHashSet();
        var missing = Scripts().SelectMany(f => KeyLiteral().Matches(File.ReadAllText(f))
                .Select(m => m.Groups["key"].Value)
                .Where(k => families.Contains(k.Split('.')[0]) && !known.Contains(k))
                .Select(k => $"{Path.GetFileName(f)}: {k}"));
        Assert.Empty(missing);
    }

    /// <summary>
    /// Keys built from a value (t(`rule.${name}`)): each family is listed here with where its values come from, so a new
    /// family fails until it is checked. A template with a fallback (t(`error.${code}`, {}, null)) may miss by design.
    /// </summary>
    [Fact]
    public void Every_key_built_from_a_value_exists()
    {
        var messages = Messages();
        var ui = Read("js/ui.js");
        var signIn = Read("js/pages/sign-in.js");
        string[] Quoted(string list) => [.. Regex.Matches(list, "'([\\w-]+)'").Select(m => m.Groups[1].Value)];
        var deadEnds = Quoted(Regex.Match(ui, @"const deadEnds = new Set\(\[(.*?)\]\)").Groups[1].Value);
        var rules = Regex.Matches(ui, @"\['(\w+)', \(p\) =>").Select(m => m.Groups[1].Value).ToArray();
        var reasons = Quoted(Regex.Match(signIn, @"if \(\[(.*?)\]\.includes\(reason\)\)").Groups[1].Value);
        var widget = Quoted(Regex.Match(ui, @"const WIDGET_TEXTS = \[(.*?)\]").Groups[1].Value);
        Assert.All(new[] { deadEnds, rules, reasons, widget }, list => Assert.NotEmpty(list));
        var families = new Dictionary<string, string[]>
        {
            ["error.${problem.code}"] = [.. deadEnds.Select(c => $"error.{c}")],
            ["error.${problem.code}.detail"] = [.. deadEnds.Select(c => $"error.{c}.detail")],
            ["rule.${name}"] = [.. rules.Select(r => $"rule.{r}")],
            ["signIn.${reason}"] = [.. reasons.Select(r => $"signIn.{r}")],
            ["pow.${key}"] = [.. widget.Select(w => $"pow.{w}")],
        };
        var templates = Scripts().SelectMany(f => TemplateKey().Matches(File.ReadAllText(f)))
            .Where(m => !m.Groups["fallback"].Success).Select(m => m.Groups["key"].Value).Distinct().ToList();
        var unhandled = templates.Where(k => !families.ContainsKey(k)).ToList();
        Assert.True(unhandled.Count == 0, $"keys built from a value that this test does not check: {string.Join(", ", unhandled)}");
        var missing = families.Where(f => templates.Contains(f.Key)).SelectMany(f => f.Value).Where(k => !messages.ContainsKey(k)).ToList();
        Assert.True(missing.Count == 0, $"missing in messages.js: {string.Join(", ", missing)}");
    }

    [GeneratedRegex(@"^\s*'?(?<key>[\w.-]+)'?: \['(?<fr>[^']*)', '(?<en>[^']*)'\],?\s*$", RegexOptions.Multiline)]
    private static partial Regex MessageEntry();

    [GeneratedRegex(@"^\s*'?(?<key>[\w.-]+)'?: '(?<en>[^']*)',?\s*$", RegexOptions.Multiline)]
    private static partial Regex EnglishEntry();

    [GeneratedRegex("""data-i18n(?:-alt|-aria-label)?['"]?\s*[=:]\s*['"](?<key>[\w.-]+)['"]""")]
    private static partial Regex PageKey();

    [GeneratedRegex(@"'(?<key>[a-z][a-zA-Z]*\.[a-zA-Z][\w.-]*)'")]
    private static partial Regex KeyLiteral();

    [GeneratedRegex(@"(?:\bt\(|messages\[)`(?<key>[\w.-]*\$\{[\w.]+\}[\w.-]*)`(?<fallback>, \{\}, null)?")]
    private static partial Regex TemplateKey();
}
