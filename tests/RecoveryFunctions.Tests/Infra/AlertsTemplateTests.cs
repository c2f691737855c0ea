using System.Reflection;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using RecoveryFunctions.Core.Telemetry;

namespace RecoveryFunctions.Tests.Infra;

/// <summary>The alerts and the workbook query only metrics the app emits, and every alert reaches the operators.</summary>
public sealed partial class AlertsTemplateTests(BicepTemplate template) : IClassFixture<BicepTemplate>
{
    private static readonly HashSet<string> Emitted = typeof(RecoveryMetrics)
        .GetFields(BindingFlags.Public | BindingFlags.Static)
        .Where(f => f.IsLiteral && f.Name != nameof(RecoveryMetrics.Name))
        .Select(f => (string)f.GetRawConstantValue()!)
        .ToHashSet(StringComparer.Ordinal);

    [Fact]
    public void AlertsAndWorkbook_EveryMetricName_IsEmittedByTheApp()
    {
        var text = AlertsTemplate().ToJsonString();
        var used = MetricName().Matches(text).Select(m => m.Value).ToHashSet(StringComparer.Ordinal);

        Assert.NotEmpty(used);
        Assert.All(used, name => Assert.Contains(name, Emitted));

        // The operator's questions are all on the workbook or an alert.
        Assert.Empty(Emitted.Except(used));
    }

    [Fact]
    public void Alerts_TheFiveOfTheRunbook_EachOnAMetricOrTheRequests()
    {
        var queries = Alerts().Select(a => a["query"]!.GetValue<string>()).ToList();

        Assert.Equal(5, queries.Count);
        Assert.Contains(queries, q => q.Contains(RecoveryMetrics.OutboxPoisonCount, StringComparison.Ordinal));
        Assert.Contains(queries, q => q.Contains(RecoveryMetrics.OutboxOldestAge, StringComparison.Ordinal));
        Assert.Contains(queries, q => q.Contains(RecoveryMetrics.EmailThrottled, StringComparison.Ordinal));
        Assert.Contains(queries, q => q.Contains(RecoveryMetrics.LocksSet, StringComparison.Ordinal));
        Assert.Contains(queries, q => q.StartsWith("requests", StringComparison.Ordinal) && q.Contains(">= 500", StringComparison.Ordinal));
        Assert.All(Alerts(), a => Assert.Contains(a["measure"]!.GetValue<string>(), a["query"]!.GetValue<string>(), StringComparison.Ordinal));
    }

    [Fact]
    public void Alerts_ActionGroup_EmailsTheAddressParameter()
    {
        var group = Assert.Single(BicepTemplate.FindResources(template.Json, "Microsoft.Insights/actionGroups"));
        var receiver = Assert.Single(group["properties"]!["emailReceivers"]!.AsArray());
        Assert.Equal("[parameters('alertEmailAddress')]", receiver!["emailAddress"]!.GetValue<string>());

        var rule = Assert.Single(BicepTemplate.FindResources(template.Json, "Microsoft.Insights/scheduledQueryRules"));
        Assert.Contains("actionGroups", rule["properties"]!["actions"]!.ToJsonString(), StringComparison.Ordinal);
        Assert.Contains("alertEmailAddress", template.Json["parameters"]!.AsObject().Select(p => p.Key));
    }

    private JsonObject AlertsTemplate()
        => template.TemplateOf(Assert.Single(BicepTemplate.FindResources(template.Json, "Microsoft.Insights/scheduledQueryRules")));

    private IEnumerable<JsonObject> Alerts() => AlertsTemplate()["variables"]!["alerts"]!.AsArray().Select(a => a!.AsObject());

    [GeneratedRegex(@"recovery\.[a-z_]+(\.[a-z_]+)*")]
    private static partial Regex MetricName();
}
