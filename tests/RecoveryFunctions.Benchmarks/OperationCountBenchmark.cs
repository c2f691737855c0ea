using System.Globalization;
using Microsoft.Extensions.DependencyInjection;
using RecoveryFunctions.Infrastructure.Storage;
using RecoveryFunctions.TestSupport;

namespace RecoveryFunctions.Benchmarks;

/// <summary>
/// Figure 2: storage and queue operations per completed flow, counted by the pipeline policy on the
/// app's own storage clients. The email worker's queue GETs are polls shared by every message (and
/// mostly empty), so they are left out; each email's enqueue (POST) and delete after sending are counted.
/// </summary>
public sealed class OperationCountBenchmark(BenchmarkHost host)
{
    private const int Goal = 20;
    private static readonly TimeSpan EmailSettle = TimeSpan.FromSeconds(1.5);

    public async Task<IReadOnlyList<ReportRow>> RunAsync(CancellationToken cancellationToken = default)
    {
        var journey = new HttpJourney(host, new StepTimings());

        var email = HttpJourney.NewEmail();
        var signUp = await CountAsync(async () =>
        {
            await journey.RegisterAndActivateAsync(email, cancellationToken);
            await journey.SignInAsync(email, Journeys.Password, cancellationToken);
        }, cancellationToken);

        var available = true;
        var recovery = await CountAsync(async () => available = await journey.RecoverPasswordAsync(email, HttpJourney.NewPassword(), cancellationToken), cancellationToken);

        return
        [
            available
                ? new ReportRow("2", "Storage + queue operations per completed password recovery", Describe(recovery), $"≤ {Goal}", recovery.Count <= Goal)
                : new ReportRow("2", "Storage + queue operations per completed password recovery", "not available (POST /api/password-recovery answered 404)", $"≤ {Goal}", null),
            new ReportRow("2", "Storage + queue operations for registration + activation + sign-in + read account", Describe(signUp), "— (comparison)", null),
        ];
    }

    private async Task<List<string>> CountAsync(Func<Task> flow, CancellationToken cancellationToken)
    {
        host.Requests.Clear();
        await flow();

        // Lets the email worker finish the flow's messages (dequeue, send, delete) before counting.
        await Task.Delay(EmailSettle, cancellationToken);
        var prefix = host.TablePrefix;
        var queue = host.App.Services.GetRequiredService<TableNames>().EmailQueue;
        return host.Requests.Requests
            .Where(r => !(r.Method == "GET" && r.Resource == queue))
            .Select(r => $"{r.Method} {r.Resource.Replace(prefix, "", StringComparison.Ordinal)}{(r.IsPointRead ? " (point)" : r.Filter is null ? "" : " (query)")}")
            .ToList();
    }

    private static string Describe(List<string> operations)
        => operations.Count.ToString(CultureInfo.InvariantCulture) + ": "
           + string.Join(", ", operations.GroupBy(o => o, StringComparer.Ordinal).OrderByDescending(g => g.Count()).Select(g => $"{g.Key} ×{g.Count()}"));
}
