using System.Collections.Frozen;

namespace RecoveryFunctions.Core.Passwords;

/// <summary>
/// The embedded common-password list. A candidate matches when it equals an entry (case-insensitive) or when
/// its letter core — the candidate without leading and trailing digits and symbols — does ("Soleil2024!").
/// </summary>
public sealed class CommonPasswordList
{
    private const string ResourceSuffix = "common-passwords.txt";

    // Shorter cores ("abc") would refuse too much; short passwords fail the length rule anyway.
    private const int MinimumCoreLength = 4;

    private static readonly Lazy<CommonPasswordList> LazyDefault = new(LoadEmbedded);

    private readonly FrozenSet<string> _entries;

    public CommonPasswordList(IEnumerable<string> passwords)
    {
        ArgumentNullException.ThrowIfNull(passwords);
        var set = new HashSet<string>(StringComparer.Ordinal);
        foreach (var line in passwords)
        {
            var entry = line.Trim().ToLowerInvariant();
            if (entry.Length == 0 || entry.StartsWith('#'))
            {
                continue;
            }

            set.Add(entry);
            var core = Core(entry);
            if (core.Length >= MinimumCoreLength)
            {
                set.Add(core);
            }
        }

        _entries = set.ToFrozenSet(StringComparer.Ordinal);
    }

    public static CommonPasswordList Default => LazyDefault.Value;

    public int Count => _entries.Count;

    public bool Contains(string candidate)
    {
        ArgumentNullException.ThrowIfNull(candidate);
        var lower = candidate.ToLowerInvariant();
        if (_entries.Contains(lower))
        {
            return true;
        }

        var core = Core(lower);
        return core.Length >= MinimumCoreLength && _entries.Contains(core);
    }

    private static string Core(string value)
    {
        var start = 0;
        var end = value.Length;
        while (start < end && !char.IsLetter(value[start]))
        {
            start++;
        }

        while (end > start && !char.IsLetter(value[end - 1]))
        {
            end--;
        }

        return value[start..end];
    }

    private static CommonPasswordList LoadEmbedded()
    {
        var assembly = typeof(CommonPasswordList).Assembly;
        var name = assembly.GetManifestResourceNames().Single(n => n.EndsWith(ResourceSuffix, StringComparison.Ordinal));
        using var stream = assembly.GetManifestResourceStream(name)
            ?? throw new InvalidOperationException($"Embedded resource '{name}' is missing.");
        using var reader = new StreamReader(stream);
        var lines = new List<string>();
        while (reader.ReadLine() is { } line)
        {
            lines.Add(line);
        }

        return new CommonPasswordList(lines);
    }
}
