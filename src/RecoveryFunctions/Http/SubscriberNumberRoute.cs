using RecoveryFunctions.Core.Errors;
using RecoveryFunctions.Core.Identity;

namespace RecoveryFunctions.Http;

/// <summary>A subscriber number taken from a route: typed as people type it, refused with its own code when invalid.</summary>
internal static class SubscriberNumberRoute
{
    public static string Parse(string? value)
        => SubscriberNumber.TryParse(value, out var number)
            ? number
            : throw new DomainException(ProblemCode.SubscriberNumberInvalid);
}
