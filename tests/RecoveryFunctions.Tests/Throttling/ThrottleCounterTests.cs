using RecoveryFunctions.Core.Throttling;

namespace RecoveryFunctions.Tests.Throttling;

public sealed class ThrottleCounterTests
{
    [Theory]
    [InlineData("2001:db8:1:2::a", "2001:db8:1:2:ffff:eeee:dddd:cccc")]
    [InlineData("::ffff:203.0.113.7", "203.0.113.7")]
    public void ForClient_SameNetwork_SameKey(string first, string second)
        => Assert.Equal(ThrottleCounter.ForClient("scope", first, 3).Key, ThrottleCounter.ForClient("scope", second, 3).Key);

    [Theory]
    [InlineData("2001:db8:1:2::a", "2001:db8:1:3::a")]
    [InlineData("203.0.113.7", "203.0.113.8")]
    public void ForClient_OtherNetwork_OtherKey(string first, string second)
        => Assert.NotEqual(ThrottleCounter.ForClient("scope", first, 3).Key, ThrottleCounter.ForClient("scope", second, 3).Key);
}
