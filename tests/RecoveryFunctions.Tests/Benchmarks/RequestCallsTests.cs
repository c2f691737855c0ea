using RecoveryFunctions.Benchmarks;
using RecoveryFunctions.TestSupport;

namespace RecoveryFunctions.Tests.Benchmarks;

/// <summary>How the throughput benchmark reads a one-client request's calls to redo them as its floor (docs/operations/deadline-night.md).</summary>
public sealed class RequestCallsTests
{
    private static readonly DateTime Zero = new(2026, 12, 6, 22, 0, 0, DateTimeKind.Utc);

    [Fact]
    public void Rounds_CallsInFlightTogether_RedoneTogether_OthersInOrder()
    {
        var (a, b, c, d) = (new RawCall(CallKind.PointRead), new RawCall(CallKind.CacheScript), new RawCall(CallKind.Insert), new RawCall(CallKind.Argon2id));

        // b begins while a is in flight; c begins as a ends; d (a hash: start only) right after c.
        var rounds = TimedCall.Rounds([new(c, At(5), At(6)), new(a, At(0), At(5)), new(d, At(6), At(6)), new(b, At(1), At(3))]);

        Assert.Equal(3, rounds.Count);
        Assert.Equal([a, b], rounds[0]);
        Assert.Equal([c], rounds[1]);
        Assert.Equal([d], rounds[2]);
    }

    [Fact]
    public void Gaps_BeforeBetweenAfter_OverlapsCountedOnce()
    {
        var read = new RawCall(CallKind.PointRead);
        var gaps = Gaps.Of(At(0), At(10), [new(read, At(6), At(7)), new(read, At(1), At(3)), new(read, At(2), At(4))]);

        Assert.Equal(new Gaps(1, 2, 3), gaps);
        Assert.Equal(new Gaps(10, 0, 0), Gaps.Of(At(0), At(10), []));
    }

    [Fact]
    public void Of_BatchAndQueuePut_RowsAndBytesKept_WorkerReceiveRefused()
    {
        var batch = new StorageRequest("POST", "$batch", null, false, [])
        {
            Targets = [new("Tokens", "p"), new("Tokens", "p"), new("Tokens", "p")],
            RequestBytes = 2_400,
        };
        var put = new StorageRequest("POST", "email-outbox", null, false, []) { RequestBytes = 900 };
        var receive = new StorageRequest("GET", "email-outbox", null, false, []);

        Assert.Equal((CallKind.Batch, 3, 2_400L), (RawCall.Of(batch).Kind, RawCall.Of(batch).Rows, RawCall.Of(batch).Bytes));
        Assert.Equal((CallKind.QueuePut, 900L), (RawCall.Of(put).Kind, RawCall.Of(put).Bytes));
        Assert.Null(CallKind.Of(receive));
        Assert.Throws<ArgumentException>(() => RawCall.Of(receive));
    }

    private static DateTime At(int milliseconds) => Zero.AddMilliseconds(milliseconds);
}
