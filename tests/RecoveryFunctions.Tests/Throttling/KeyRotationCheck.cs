using System.Security.Cryptography;
using RecoveryFunctions.Core.Throttling;
using RecoveryFunctions.Core.Tokens;

namespace RecoveryFunctions.Tests.Throttling;

/// <summary>
/// What every keyed throttle store must do across a key rotation: three hits under the old key, then under the new key
/// (the old one still in the ring) the fourth is allowed and the fifth refused, and once the old key is retired the
/// window is not opened afresh. <paramref name="betweenRotationAndFourth"/> lets an adapter measure the fourth hit.
/// </summary>
internal static class KeyRotationCheck
{
    private static readonly TimeSpan Hour = TimeSpan.FromHours(1);

    public static async Task AssertWindowCarriedOverAsync(Func<TokenKeyRing, IThrottleStore> store, Func<Func<Task<ThrottleDecision>>, Task<ThrottleDecision>>? measureFourth = null)
    {
        var (oldKey, newKey) = (RandomNumberGenerator.GetBytes(32), RandomNumberGenerator.GetBytes(32));
        var key = Guid.NewGuid().ToString("N");
        var before = store(new TokenKeyRing(oldKey, null));
        for (var i = 0; i < 3; i++)
        {
            Assert.True((await before.HitAsync("test-rotation", key, 4, Hour)).Allowed);
        }

        var after = store(new TokenKeyRing(newKey, oldKey));
        Task<ThrottleDecision> Fourth() => after.HitAsync("test-rotation", key, 4, Hour);
        var fourth = await (measureFourth is null ? Fourth() : measureFourth(Fourth));
        var fifth = await after.HitAsync("test-rotation", key, 4, Hour);
        var onceOldKeyRetired = await store(new TokenKeyRing(newKey, null)).HitAsync("test-rotation", key, 4, Hour);

        Assert.True(fourth.Allowed);
        Assert.False(fifth.Allowed);
        Assert.False(onceOldKeyRetired.Allowed);
    }
}
