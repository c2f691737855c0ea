using RecoveryFunctions.Infrastructure.Storage;

namespace RecoveryFunctions.Tests.Cleanup;

/// <summary>How a backlog of expired buckets is cut into slices swept side by side.</summary>
public sealed class SweepSlicesTests
{
    [Theory]
    [InlineData(100, 101, 8, 1)]
    [InlineData(100, 102, 8, 2)]
    [InlineData(100, 244, 8, 8)]
    [InlineData(100, 245, 8, 8)]
    [InlineData(100, 103, 1, 1)]
    public void Slices_CoverTheRangeOnceInWholeBuckets(long from, long to, int parallelism, int expected)
    {
        var slices = TableExpiredRowSweeper.Slices(from, to, parallelism);

        Assert.Equal(expected, slices.Count);
        Assert.Equal(from, slices[0].From);
        Assert.Equal(to, slices[^1].To);
        Assert.All(slices.Zip(slices.Skip(1)), pair => Assert.Equal(pair.First.To, pair.Second.From));
        Assert.All(slices, s => Assert.True(s.From < s.To));
    }
}
