using System.Text.RegularExpressions;
using RecoveryFunctions.DevServices.Azurite;

namespace RecoveryFunctions.Tests.Docs;

/// <summary>
/// The repository is self-contained: every relative link of every Markdown page resolves (anchors included), every
/// <c>docs/…</c> path and every "contract §N" section cited in code exists, and nothing points outside the repository.
/// </summary>
public sealed partial class DocsLinkTests
{
    private static readonly string Root = RepositoryRoot.Find();

    private static readonly string[] Skipped = ["node_modules", "bin", "obj", ".local", ".git", "TestResults", "vendor"];

    [Fact]
    public void Markdown_EveryRelativeLink_Resolves()
    {
        var broken = new List<string>();
        foreach (var page in Files("*.md"))
        {
            foreach (Match link in MarkdownLink().Matches(File.ReadAllText(page)))
            {
                var target = link.Groups["target"].Value;
                if (UriScheme().IsMatch(target))
                {
                    continue;
                }

                var (file, anchor) = Split(target);
                var resolved = file.Length == 0 ? page : Path.GetFullPath(Path.Combine(Path.GetDirectoryName(page)!, Uri.UnescapeDataString(file)));
                if (!resolved.StartsWith(Root, StringComparison.Ordinal))
                {
                    broken.Add($"{Relative(page)}: {target} points outside the repository");
                }
                else if (!File.Exists(resolved) && !Directory.Exists(resolved))
                {
                    broken.Add($"{Relative(page)}: {target} does not exist");
                }
                else if (anchor.Length > 0 && File.Exists(resolved) && !Anchors(resolved).Contains(anchor))
                {
                    broken.Add($"{Relative(page)}: {target} names no heading of {Relative(resolved)}");
                }
            }
        }

        Assert.True(broken.Count == 0, string.Join("\n", broken));
    }

    [Fact]
    public void Code_EveryDocsPathAndContractSection_Exists()
    {
        var contract = File.ReadAllText(Path.Combine(Root, "docs", "contract.md"));
        var sections = ContractHeading().Matches(contract).Select(m => m.Groups["n"].Value).ToHashSet(StringComparer.Ordinal);
        var broken = new List<string>();
        foreach (var file in new[] { "*.cs", "*.js", "*.html", "*.bicep", "*.yaml", "*.sh", "*.json", "*.md" }.SelectMany(Files))
        {
            var text = File.ReadAllText(file);
            broken.AddRange(DocsPath().Matches(text).Select(m => m.Value.TrimEnd('.', ')'))
                .Where(p => !File.Exists(Path.Combine(Root, p)) && !Directory.Exists(Path.Combine(Root, p)))
                .Select(p => $"{Relative(file)}: {p} does not exist"));
            broken.AddRange(ContractCitation().Matches(text).Select(m => m.Groups["n"].Value.TrimEnd('.'))
                .Where(n => !sections.Contains(n))
                .Select(n => $"{Relative(file)}: contract §{n} is not a section of docs/contract.md"));
            if (OutsidePointer().IsMatch(text) && !file.EndsWith(nameof(DocsLinkTests) + ".cs", StringComparison.Ordinal))
            {
                broken.Add($"{Relative(file)}: points outside the repository ({OutsidePointer().Match(text).Value})");
            }
        }

        Assert.True(broken.Count == 0, string.Join("\n", broken));
    }

    private static IEnumerable<string> Files(string pattern)
        => Directory.EnumerateFiles(Root, pattern, SearchOption.AllDirectories)
            .Where(f => !Relative(f).Split('/').Any(part => Skipped.Contains(part, StringComparer.Ordinal)));

    private static string Relative(string path) => Path.GetRelativePath(Root, path).Replace('\\', '/');

    private static (string File, string Anchor) Split(string target)
    {
        var hash = target.IndexOf('#', StringComparison.Ordinal);
        return hash < 0 ? (target, "") : (target[..hash], target[(hash + 1)..]);
    }

    /// <summary>GitHub's heading anchors: lower case, punctuation dropped, spaces to hyphens.</summary>
    private static HashSet<string> Anchors(string page)
        => File.ReadLines(page).Where(l => l.StartsWith('#'))
            .Select(l => AnchorPunctuation().Replace(l.TrimStart('#').Trim().ToLowerInvariant(), "").Replace(' ', '-'))
            .ToHashSet(StringComparer.Ordinal);

    [GeneratedRegex(@"\[[^\]]*\]\((?<target>[^)\s]+)\)")]
    private static partial Regex MarkdownLink();

    [GeneratedRegex(@"^[a-z][a-z0-9+.-]*:", RegexOptions.IgnoreCase)]
    private static partial Regex UriScheme();

    [GeneratedRegex(@"[^\w\- ]")]
    private static partial Regex AnchorPunctuation();

    [GeneratedRegex(@"(?<![\w/.-])docs/[A-Za-z0-9_\-./]+\.(md|png|json)")]
    private static partial Regex DocsPath();

    [GeneratedRegex(@"^#{2,3} (?<n>\d+(\.\d+)?)\.? ", RegexOptions.Multiline)]
    private static partial Regex ContractHeading();

    [GeneratedRegex(@"contract §(?<n>\d+(\.\d+)?)")]
    private static partial Regex ContractCitation();

    [GeneratedRegex(@"\.\./shared/|SPEC\.md|SPEC §")]
    private static partial Regex OutsidePointer();
}
