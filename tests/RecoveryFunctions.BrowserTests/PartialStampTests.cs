using System.Text.RegularExpressions;

namespace RecoveryFunctions.BrowserTests;

/// <summary>
/// The pages' shared parts are in each page's HTML (issue 25 item 11), from one file each: build.mjs stamps
/// partials/NAME.html between a page's <c>&lt;!-- stamp:NAME --&gt;</c> markers. A page edited by hand there, a partial
/// edited without <c>node build.mjs --stamp</c>, or a page without its markers fails here, so nobody keeps fourteen copies.
/// </summary>
public sealed partial class PartialStampTests
{
    public static TheoryData<string> Pages() => [.. SitePages.Files().Select(f => Path.GetRelativePath(SitePages.Root, f))];

    [Theory]
    [MemberData(nameof(Pages))]
    public void Page_carries_each_partial_as_written_where_it_belongs(string file)
    {
        var html = File.ReadAllText(Path.Combine(SitePages.Root, file));
        // Every stamped block, the optional ones (the FranceConnect button) included, is its partial as written.
        var blocks = Stamp().Matches(html);
        foreach (Match block in blocks)
        {
            var name = block.Groups["name"].Value;
            var partial = File.ReadAllText(Path.Combine(SitePages.WebRoot, "partials", name + ".html"));
            var expected = Regex.Replace(partial, "^(?=.)", block.Groups["indent"].Value, RegexOptions.Multiline);
            Assert.True(expected == block.Groups["body"].Value, $"{file}: its stamp:{name} block differs from partials/{name}.html; run `node src/RecoveryFunctions.Web/build.mjs --stamp`");
        }

        var at = new Dictionary<string, int>();
        foreach (var name in new[] { "header", "noscript", "footer" })
        {
            var found = blocks.Where(m => m.Groups["name"].Value == name).ToList();
            Assert.True(found.Count == 1, $"{file}: {found.Count} stamp:{name} blocks, one expected");
            at[name] = found[0].Index;
        }

        // Skip link and header first in <body>, the notice under the main heading, the footer after <main>; the skip
        // link's target is in the HTML too.
        int Index(string text) => html.IndexOf(text, StringComparison.Ordinal);
        Assert.True(Index("<body>") < at["header"] && at["header"] < Index("<main id=\"contenu\" tabindex=\"-1\"")
            && Index("<h1") < at["noscript"] && at["noscript"] < Index("</main>") && Index("</main>") < at["footer"],
            $"{file}: expected <body>, header, <main id=\"contenu\" tabindex=\"-1\">, <h1>, the notice, </main>, footer, in that order");
    }

    [Fact]
    public void No_script_writes_the_structure_only_wires_it()
    {
        var scripts = Directory.EnumerateFiles(Path.Combine(SitePages.Root, "js"), "*.js", SearchOption.AllDirectories);
        Assert.Empty(scripts.Where(f => StructureWritten().IsMatch(File.ReadAllText(f))).Select(Path.GetFileName));
    }

    [Fact]
    public async Task A_deployments_build_puts_its_helpdesk_phone_in_the_no_script_notice_the_local_build_does_not()
    {
        // A copy of the build step, the partials and one page: the test must not restamp the committed pages.
        var copy = Directory.CreateTempSubdirectory("stamp-").FullName;
        try
        {
            File.Copy(Path.Combine(SitePages.WebRoot, "build.mjs"), Path.Combine(copy, "build.mjs"));
            Directory.CreateDirectory(Path.Combine(copy, "partials"));
            foreach (var partial in Directory.EnumerateFiles(Path.Combine(SitePages.WebRoot, "partials")))
            {
                File.Copy(partial, Path.Combine(copy, "partials", Path.GetFileName(partial)));
            }

            Directory.CreateDirectory(Path.Combine(copy, "wwwroot"));
            var page = Path.Combine(copy, "wwwroot", "index.html");
            File.Copy(Path.Combine(SitePages.Root, "index.html"), page);

            await StampAsync(copy, "--stamp", "--local");
            Assert.DoesNotContain("tel:", File.ReadAllText(page));

            await StampAsync(copy, "--stamp");
            Assert.Contains("ou appelez-la au <a href=\"tel:+33809401401\">+33&nbsp;809&nbsp;401&nbsp;401</a>.</p>", File.ReadAllText(page));
        }
        finally
        {
            Directory.Delete(copy, recursive: true);
        }
    }

    private static async Task StampAsync(string folder, params string[] arguments)
    {
        var info = new System.Diagnostics.ProcessStartInfo("node") { WorkingDirectory = folder, RedirectStandardError = true };
        info.ArgumentList.Add("build.mjs");
        foreach (var argument in arguments)
        {
            info.ArgumentList.Add(argument);
        }

        info.Environment["HELPDESK_PHONE"] = "+33 809 401 401";
        using var node = System.Diagnostics.Process.Start(info)!;
        var errors = await node.StandardError.ReadToEndAsync();
        await node.WaitForExitAsync();
        Assert.True(node.ExitCode == 0, errors);
    }

    [GeneratedRegex(@"^(?<indent> *)<!-- stamp:(?<name>[\w-]+)\b.*-->\n(?<body>[\s\S]*?)^\k<indent><!-- /stamp:\k<name> -->$", RegexOptions.Multiline)]
    private static partial Regex Stamp();

    /// <summary>A header, footer, navigation or skip link made by script (ui.js's el() or the DOM's createElement).</summary>
    [GeneratedRegex(@"(el|createElement)\('(header|footer|nav)'|skip-link'")]
    private static partial Regex StructureWritten();
}
