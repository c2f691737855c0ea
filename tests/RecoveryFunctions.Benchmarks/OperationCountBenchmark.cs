using System.Globalization;
using Microsoft.Extensions.DependencyInjection;
using RecoveryFunctions.Infrastructure.Storage;
using RecoveryFunctions.TestSupport;

namespace RecoveryFunctions.Benchmarks;

/// <summary>
/// Figure 2: storage and queue operations per completed flow, counted by the pipeline policy on the
/// app's own storage clients, as RecoveryOperationsTests pins them. The queue GETs of either email queue (the
/// workers' polls, shared by every message and mostly empty, and the idle checks) are left out; each email's
/// enqueue (POST) and its delete once sent are counted, so the count waits for both queues to be empty.
/// </summary>
public sealed class OperationCountBenchmark(BenchmarkHost host)
{
    private const int Goal = 20;

    public async Task<IReadOnlyList<ReportRow>> RunAsync(CancellationToken cancellationToken = default)
    {
        var journey = new HttpJourney(host, new StepTimings());

        var email = HttpJourney.NewEmail();
        var signUp = await CountAsync(async () =>
        {
            await journey.RegisterAndActivateAsync(email, cancellationToken);
            await journey.SignInAsync(email, Journeys.Password, cancellationToken);
        });

        var available = true;
        var recovery = await CountAsync(async () => available = await journey.RecoverPasswordAsync(email, HttpJourney.NewPassword(), cancellationToken));

        const string recoveryRow = "Storage + queue operations per completed password recovery by link (this host's captcha always passes, Captcha:Mode AlwaysPass: "
                                   + "no spent marker, one insert fewer than the 19 RecoveryOperationsTests pins with the image captcha)";
        return
        [
            available
                ? new ReportRow("2", recoveryRow, Describe(recovery), $"≤ {Goal}", recovery.Count <= Goal)
                : new ReportRow("2", recoveryRow, "not available (POST /api/password-recovery answered 404)", $"≤ {Goal}", null),
            new ReportRow("2", "Storage + queue operations for registration + activation + sign-in + read account", Describe(signUp), "— (comparison)", null),
        ];
    }

    private async Task<List<string>> CountAsync(Func<Task> flow)
    {
        host.Requests.Clear();
        await flow();

        // Every message the flow queued sent and deleted (a fixed wait missed the deletes when a send took longer).
        await host.App.Services.WaitForOutboxIdleAsync();
        var prefix = host.TablePrefix;
        var queues = host.App.Services.GetRequiredService<TableNames>().AllQueues.ToHashSet(StringComparer.Ordinal);
        return host.Requests.Requests
            .Where(r => !(r.Method == "GET" && queues.Contains(r.Resource)))
            .Select(r => $"{r.Method} {r.Resource.Replace(prefix, "", StringComparison.Ordinal)}{(r.IsPointRead ? " (point)" : r.Filter is null ? "" : " (query)")}")
            .ToList();
    }

    private static string Describe(List<string> operations)
        => operations.Count.ToString(CultureInfo.InvariantCulture) + ": "
           + string.Join(", ", operations.GroupBy(o => o, StringComparer.Ordinal).OrderByDescending(g => g.Count()).Select(g => $"{g.Key} ×{g.Count()}"));
}
