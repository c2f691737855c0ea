using Microsoft.Azure.Functions.Worker;
using NCrontab;

namespace RecoveryFunctions.HostSubstitute;

/// <summary>Runs one timer-triggered function on its NCRONTAB schedule (six fields, seconds first, UTC).</summary>
public sealed partial class TimerTriggerScheduler(
    IServiceProvider services,
    FunctionDescriptor function,
    string schedule,
    TimeProvider time,
    ILogger<TimerTriggerScheduler> logger) : BackgroundService
{
    public FunctionDescriptor Function => function;

    /// <summary>The NCRONTAB expression run: the trigger's schedule with its %setting% references resolved.</summary>
    public string Schedule => schedule;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var cron = CrontabSchedule.Parse(schedule, new CrontabSchedule.ParseOptions { IncludingSeconds = true });
        while (!stoppingToken.IsCancellationRequested)
        {
            var now = time.GetUtcNow().UtcDateTime;
            var next = cron.GetNextOccurrence(now);
            try
            {
                await Task.Delay(next - now, time, stoppingToken);
                await RunOnceAsync(services, function, stoppingToken);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception e)
            {
                LogFailed(logger, function.Name, e);
            }
        }
    }

    public static Task RunOnceAsync(IServiceProvider services, FunctionDescriptor function, CancellationToken cancellationToken)
        => FunctionInvoker.InvokeInNewScopeAsync(services, function, new TimerInfo(), cancellationToken);

    [LoggerMessage(LogLevel.Error, "Timer function {Function} failed")]
    private static partial void LogFailed(ILogger logger, string function, Exception exception);
}
