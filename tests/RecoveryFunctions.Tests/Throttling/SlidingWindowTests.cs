using RecoveryFunctions.Core.Throttling;

namespace RecoveryFunctions.Tests.Throttling;

/// <summary>The throttle arithmetic on plain values: window boundaries, the previous window's weight, the estimate, refusal and retry-after.</summary>
public sealed class SlidingWindowTests
{
    private static readonly TimeSpan Hour = TimeSpan.FromHours(1);
    private static readonly DateTimeOffset Nine = new(2026, 11, 27, 9, 0, 0, TimeSpan.Zero);
    private static readonly ThrottleCounter Sliding = new("s", "k", 10) { Sliding = true };

    [Theory]
    [InlineData(0, 9, 0)]
    [InlineData(1, 9, 0)]
    [InlineData(3599, 9, 0)]
    [InlineData(3600, 10, 0)]
    public void At_SecondsAfterNine_WindowStartsOnTheHour(int seconds, int startHour, int startMinute)
    {
        var window = SlidingWindow.At(Nine.AddSeconds(seconds), Hour);

        Assert.Equal(new DateTimeOffset(2026, 11, 27, startHour, startMinute, 0, TimeSpan.Zero), window.Start);
        Assert.Equal(window.Start + Hour, window.End);
        Assert.Equal(window.Start - Hour, window.PreviousStart);
        Assert.Equal(window.End + Hour, window.CountExpiry);
    }

    [Fact]
    public void At_AnotherOffset_SameUtcWindow()
    {
        var paris = new DateTimeOffset(2026, 11, 27, 10, 30, 0, TimeSpan.FromHours(1));

        Assert.Equal(Nine, SlidingWindow.At(paris, Hour).Start);
    }

    [Theory]
    [InlineData(0, 1.0)]
    [InlineData(15, 0.75)]
    [InlineData(30, 0.5)]
    [InlineData(59, 1 / 60.0)]
    public void PreviousWeight_MinutesIntoTheWindow_ShareOfThePreviousStillInside(int minutes, double weight)
    {
        Assert.Equal(weight, SlidingWindow.At(Nine.AddMinutes(minutes), Hour).PreviousWeight, 9);
    }

    [Theory]
    [InlineData(0, 3, 10, 13)]
    [InlineData(30, 3, 10, 8)]
    [InlineData(59, 0, 10, 0)]
    [InlineData(1, 0, 10, 9)]
    [InlineData(6, 1, 10, 10)]
    public void Estimate_CurrentPlusPreviousWeightedRoundedDown(int minutes, int current, int previous, int estimate)
    {
        Assert.Equal(estimate, SlidingWindow.At(Nine.AddMinutes(minutes), Hour).Estimate(new CounterReading(Sliding, current, previous)));
    }

    [Fact]
    public void RetryAt_CurrentWindowAloneFull_TheWindowsEnd()
    {
        var window = SlidingWindow.At(Nine.AddMinutes(20), Hour);

        Assert.Equal(Nine + Hour, window.RetryAt(new CounterReading(Sliding, 10, 10)));
        Assert.Equal(Nine + Hour, window.RetryAt(new CounterReading(Sliding with { Sliding = false }, 10, 0)));
    }

    [Fact]
    public void RetryAt_PreviousWindowWeighs_ASecondAfterItHasFadedEnough()
    {
        // 10 × (1 − t/60) + 1 < 10 once t > 6 min: 9:06:01.
        var window = SlidingWindow.At(Nine.AddMinutes(1), Hour);

        var retryAt = window.RetryAt(new CounterReading(Sliding, 1, 10));

        Assert.Equal(Nine.AddMinutes(6).AddSeconds(1), retryAt);
        Assert.Equal(10, SlidingWindow.At(retryAt.AddSeconds(-2), Hour).Estimate(new CounterReading(Sliding, 1, 10)));
        Assert.Equal(9, SlidingWindow.At(retryAt, Hour).Estimate(new CounterReading(Sliding, 1, 10)));
    }

    [Fact]
    public void RetryAt_AlreadyFaded_NeverBeforeASecondFromNow()
    {
        var now = Nine.AddMinutes(30);

        Assert.Equal(now.AddSeconds(1), SlidingWindow.At(now, Hour).RetryAt(new CounterReading(Sliding, 1, 10)));
    }

    [Fact]
    public void Hit_OneCounterFullOneNot_RefusedNamingItAndTheOtherCounted()
    {
        var window = SlidingWindow.At(Nine.AddMinutes(1), Hour);
        var client = new CounterReading(new ThrottleCounter("client", "a", 10), 4, 0);
        var account = new CounterReading(new ThrottleCounter("account", "b", 2), 2, 0);

        var hit = window.Hit([client, account]);

        Assert.False(hit.Decision.Allowed);
        Assert.Equal(["account"], hit.Decision.Refused);
        Assert.Equal([client], hit.Counted);
        Assert.Equal([account], hit.RefusedCounters);
        Assert.Equal(Nine + Hour - window.Now, hit.Decision.RetryAfter);
        Assert.Equal(Nine + Hour, hit.Decision.WindowEnd);
    }

    [Fact]
    public void Hit_TheHitThatReachesTheLimit_AllowedAndFilled()
    {
        var window = SlidingWindow.At(Nine, Hour);

        var filling = window.Hit([new CounterReading(new ThrottleCounter("account", "b", 3), 2, 0)]);
        var below = window.Hit([new CounterReading(new ThrottleCounter("account", "b", 3), 1, 0)]);

        Assert.Equal((true, TimeSpan.Zero), (filling.Decision.Allowed, filling.Decision.RetryAfter));
        Assert.Equal(["account"], filling.Decision.Filled);
        Assert.Empty(below.Decision.Filled);
    }

    [Fact]
    public void Hit_TwoRefused_RetryAfterTheLaterOfTheTwo()
    {
        var window = SlidingWindow.At(Nine.AddMinutes(1), Hour);
        var fading = new CounterReading(Sliding with { Scope = "fading" }, 1, 10);
        var full = new CounterReading(new ThrottleCounter("full", "k", 2), 2, 0);

        Assert.Equal(Nine + Hour - window.Now, window.Hit([fading, full]).Decision.RetryAfter);
        Assert.Equal(Nine + Hour - window.Now, window.Hit([full, fading]).Decision.RetryAfter);
        Assert.Equal(Nine.AddMinutes(6).AddSeconds(1) - window.Now, window.Hit([fading]).Decision.RetryAfter);
    }

    [Fact]
    public void Check_NothingFull_AllowedAtOnce()
    {
        var window = SlidingWindow.At(Nine.AddMinutes(1), Hour);

        var check = window.Check([new CounterReading(Sliding, 0, 5)]);

        Assert.Equal((true, TimeSpan.Zero), (check.Allowed, check.RetryAfter));
        Assert.Empty(check.Refused);
    }

    [Theory]
    [InlineData(5, 1, 4)]
    [InlineData(5, 9, 0)]
    [InlineData(0, 1, 0)]
    public void Refunded_NeverBelowZero(int current, int hits, int after)
    {
        Assert.Equal(after, SlidingWindow.Refunded(current, hits));
    }

    [Theory]
    [InlineData(30, 16)]
    [InlineData(3, 16)]
    [InlineData(1000, 16)]
    [InlineData(17, 16)]
    public void Quota_EveryRoom_SharesSumToTheRoomAndGrowWithIt(int room, int shards)
    {
        var shares = Enumerable.Range(0, shards).Select(i => SlidingWindow.Quota(room, shards, i)).ToList();
        var bigger = Enumerable.Range(0, shards).Select(i => SlidingWindow.Quota(room + 1, shards, i)).ToList();

        Assert.Equal(room, shares.Sum());
        Assert.All(shares.Zip(bigger), pair => Assert.True(pair.First <= pair.Second));
        Assert.True(shares.Max() - shares.Min() <= 1);
    }

    [Fact]
    public void PickShard_SumUnderTheRoom_AShardUnderItsShareEvenWhenOneIsOver()
    {
        var window = SlidingWindow.At(Nine.AddMinutes(30), Hour);
        var counter = new ThrottleCounter("s", "k", 8) { Shards = 4 };
        // The limit was lowered: shard 0 holds more than its new share (2), the others have room.
        int[] counts = [5, 0, 1, 1];

        var picked = Enumerable.Range(0, 50).Select(_ => window.PickShard(new CounterReading(counter, counts.Sum(), 0), counts)).ToHashSet();
        var full = window.PickShard(new CounterReading(counter, 8, 0), [2, 2, 2, 2]);

        Assert.All(picked, p => Assert.InRange(p, 1, 3));
        Assert.Equal(-1, full);
    }
}
