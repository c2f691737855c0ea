using Azure;

namespace RecoveryFunctions.Infrastructure.Storage;

/// <summary>The storage answers that mean "someone else got there first" rather than a fault.</summary>
internal static class StorageErrors
{
    public static bool IsLostRace(RequestFailedException e) => e.Status is 412 or 404 or 409;

    public static bool IsNotFound(RequestFailedException e) => IsNotFound(e.Status);

    public static bool IsNotFound(int status) => status == 404;
}
