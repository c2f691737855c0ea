using System.ComponentModel.DataAnnotations;
using System.Globalization;
using System.Reflection;
using RecoveryFunctions.DevServices.Azurite;

namespace RecoveryFunctions.Tests.Configuration;

/// <summary>
/// docs/operations/settings.md is the operators' list of settings: it names every key of every options class, each on
/// its own row, with the default the class really has.
/// </summary>
public sealed class SettingsDocumentTests
{
    private static readonly List<string[]> Table = LoadTable();
    private static readonly Dictionary<string, string[]> Rows = Table.DistinctBy(r => r[0]).ToDictionary(r => r[0], StringComparer.Ordinal);

    public static TheoryData<string> Keys() => [.. OptionsCatalog.AllKeys().Select(OptionsCatalog.ConfigurationKey)];

    public static TheoryData<string> KeysWithDefaults() => [.. OptionsCatalog.Defaults().Where(s => !s.Key.EndsWith("__{name}", StringComparison.Ordinal)).Select(s => s.Key)];

    [Theory]
    [MemberData(nameof(Keys))]
    public void Document_EverySetting_HasItsRow(string key)
    {
        Assert.True(Rows.ContainsKey(key), $"docs/operations/settings.md has no row for `{key}`.");
        Assert.True(Rows[key].Length == 4 && Rows[key][2].Length > 0 && Rows[key][3].Length > 0, $"`{key}`: a row gives the default, who reads it and what it does.");
    }

    [Fact]
    public void Document_EachKey_OneRow()
    {
        var twice = Table.GroupBy(r => r[0], StringComparer.Ordinal).Where(g => g.Count() > 1).Select(g => g.Key).ToList();

        Assert.True(Table.Count > 50, "docs/operations/settings.md: the table was not found.");
        Assert.True(twice.Count == 0, $"docs/operations/settings.md lists twice: {string.Join(", ", twice)}");
    }

    [Theory]
    [MemberData(nameof(KeysWithDefaults))]
    public void Document_Default_IsTheOptionsClassDefault(string key)
    {
        var setting = OptionsCatalog.Defaults().Single(s => s.Key == key);
        var expected = Expected(setting);

        Assert.True(Rows.TryGetValue(setting.ConfigurationKey, out var cells), $"docs/operations/settings.md has no row for `{setting.ConfigurationKey}`.");
        Assert.True(cells[1].StartsWith(expected, StringComparison.Ordinal), $"`{setting.ConfigurationKey}`: the documented default '{cells[1]}' should start with '{expected}'.");
    }

    /// <summary>The default as the table writes it: the value in backticks, "required" for an empty [Required] one, "—" for none.</summary>
    private static string Expected(Setting setting) => setting.Default switch
    {
        null or "" or Array { Length: 0 } => setting.Property.GetCustomAttribute<RequiredAttribute>() is null ? "—" : "required",
        TimeSpan span => $"`{span.ToString("c", CultureInfo.InvariantCulture)}`",
        bool flag => flag ? "`true`" : "`false`",
        IFormattable number => $"`{number.ToString(null, CultureInfo.InvariantCulture)}`",
        var value => $"`{value}`",
    };

    /// <summary>Table rows whose first cell is one key in backticks: the key, then the other cells, trimmed.</summary>
    private static List<string[]> LoadTable()
        => [.. File.ReadLines(Path.Combine(RepositoryRoot.Find(), "docs", "operations", "settings.md"))
            .Where(line => line.StartsWith("| `", StringComparison.Ordinal))
            .Select(line => line.Trim().Trim('|').Split('|').Select(c => c.Trim()).ToArray())
            .Where(cells => cells[0].Count(c => c == '`') == 2 && cells[0].EndsWith('`'))
            .Select(cells => (string[])[cells[0].Trim('`'), .. cells[1..]])];
}
