namespace RecoveryFunctions.Core.Email;

/// <summary>The two outbox queues: emails someone waits for, and everything else.</summary>
public enum OutboxLane
{
    /// <summary>Time-critical emails ACS has not accepted yet: what still needs a send slot, served first.</summary>
    TimeCritical,

    /// <summary>Notices, and the status checks of time-critical emails ACS already holds.</summary>
    Notifications,
}

/// <summary>Which lane an outbox message travels on; every outbox adapter asks here.</summary>
public static class OutboxLanes
{
    /// <summary>
    /// Time-critical emails (<see cref="EmailUrgency.IsTimeCritical"/>) not yet accepted go on the time-critical lane; once
    /// ACS holds one, its status checks travel with the notifications, so that lane's count says what still needs a send slot.
    /// </summary>
    public static OutboxLane Of(OutboxEmail email)
    {
        ArgumentNullException.ThrowIfNull(email);
        return EmailUrgency.IsTimeCritical(email.Template) && !email.Delivery.Accepted ? OutboxLane.TimeCritical : OutboxLane.Notifications;
    }

    /// <summary>The queue's visibility delay for a wait of <paramref name="delay"/>: whole seconds, rounded up, so a wait is never shorter than asked; null for none.</summary>
    public static TimeSpan? Visibility(TimeSpan delay) => delay > TimeSpan.Zero ? TimeSpan.FromSeconds(Math.Ceiling(delay.TotalSeconds)) : null;
}
