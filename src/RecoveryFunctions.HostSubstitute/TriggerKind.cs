namespace RecoveryFunctions.HostSubstitute;

public enum TriggerKind
{
    Http,
    Queue,
    Timer,
}
