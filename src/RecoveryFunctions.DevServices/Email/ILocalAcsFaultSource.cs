namespace RecoveryFunctions.DevServices.Email;

/// <summary>
/// Where the local endpoint takes a planned failure for a request, after the signature check (as the service throttles
/// authenticated callers). Locally none is planned; tests register their plan (TestSupport's LocalAcsFaultPlan).
/// </summary>
public interface ILocalAcsFaultSource
{
    /// <summary>The fault for this send request, or null to serve it.</summary>
    LocalAcsFault? TakeForSend();

    /// <summary>The fault for this status read, or null to serve it.</summary>
    LocalAcsFault? TakeForStatusRead();

    /// <summary>No fault ever: the endpoint as the service behaves when healthy.</summary>
    public static ILocalAcsFaultSource None { get; } = new NoFaults();

    private sealed class NoFaults : ILocalAcsFaultSource
    {
        public LocalAcsFault? TakeForSend() => null;

        public LocalAcsFault? TakeForStatusRead() => null;
    }
}
