using RecoveryFunctions.Core.Email;
using RecoveryFunctions.Core.Email.Templates;

namespace RecoveryFunctions.Tests.Email;

/// <summary>The two text tables fill the one template structure: same keys, every block worded, nothing left over.</summary>
public sealed class EmailTextTablesTests
{
    [Fact]
    public void Tables_FrenchAndEnglish_HaveTheSameKeys()
        => Assert.Equal(FrenchEmailText.Table.Texts.Keys.Order(StringComparer.Ordinal), EnglishEmailText.Table.Texts.Keys.Order(StringComparer.Ordinal));

    [Fact]
    public void Tables_EveryTemplateInBothLanguages_EveryKeyUsedOnceAndNotEmpty()
    {
        foreach (var table in new[] { FrenchEmailText.Table, EnglishEmailText.Table })
        {
            var used = new List<string>();
            foreach (var template in Enum.GetValues<EmailTemplate>())
            {
                var definition = EmailTemplates.Get(template, table);
                Assert.All(definition.Blocks, block => Assert.False(string.IsNullOrWhiteSpace(block.Text)));
                used.Add($"{template}.Subject");
                used.Add($"{template}.Heading");
                used.AddRange(definition.Blocks.Select((_, i) => $"{template}.{i + 1}"));
            }

            Assert.Equal(table.Texts.Keys.Order(StringComparer.Ordinal), used.Order(StringComparer.Ordinal));
        }
    }
}
