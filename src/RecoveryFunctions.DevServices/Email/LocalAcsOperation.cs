namespace RecoveryFunctions.DevServices.Email;

/// <summary>
/// One accepted send operation: NotStarted, then Running, then its final status (Succeeded, or Failed when the fault
/// plan said so), on the endpoint's clock; the .eml file it produced, if delivered.
/// </summary>
public sealed record LocalAcsOperation(string Id, DateTimeOffset AcceptedAt, bool Fails, string? FileName)
{
    public string StatusAt(DateTimeOffset now, LocalAcsEmailOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var age = now - AcceptedAt;
        if (age < options.NotStartedFor)
        {
            return "NotStarted";
        }

        if (age < options.NotStartedFor + options.RunningFor)
        {
            return "Running";
        }

        return Fails ? "Failed" : "Succeeded";
    }
}
