namespace RecoveryFunctions.LocalHost.Functions;

public enum TriggerKind
{
    Http,
    Queue,
    Timer,
}
