using System.Diagnostics;
using System.Globalization;

namespace RecoveryFunctions.DevServices;

/// <summary>
/// What a local start is doing, for the person watching the console: one line per stage, its description written
/// when the stage begins (a first npm install takes a minute) and its duration appended when it ends. Tests and
/// benchmarks start the same services through <see cref="Silent"/>.
/// </summary>
public sealed class StartupStages(TextWriter? output)
{
    public static StartupStages Silent { get; } = new(null);

    public async Task RunAsync(string description, Func<Task> stage)
    {
        ArgumentNullException.ThrowIfNull(stage);
        await RunAsync<object?>(description, async () =>
        {
            await stage();
            return null;
        });
    }

    public async Task<T> RunAsync<T>(string description, Func<Task<T>> stage)
    {
        ArgumentNullException.ThrowIfNull(stage);
        if (output is null)
        {
            return await stage();
        }

        await output.WriteAsync(description + "… ");
        await output.FlushAsync();
        var started = Stopwatch.GetTimestamp();
        try
        {
            var result = await stage();
            await output.WriteLineAsync(Duration(Stopwatch.GetElapsedTime(started)));
            return result;
        }
        catch
        {
            await output.WriteLineAsync($"failed after {Duration(Stopwatch.GetElapsedTime(started))}");
            throw;
        }
    }

    public static string Duration(TimeSpan elapsed) => elapsed.TotalSeconds.ToString("0.0", CultureInfo.InvariantCulture) + " s";
}
