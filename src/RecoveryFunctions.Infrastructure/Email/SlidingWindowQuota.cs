namespace RecoveryFunctions.Infrastructure.Email;

/// <summary>
/// A rate limit the way ACS states its quotas: at most <c>perMinute</c> requests in any sliding minute and <c>perHour</c>
/// in any sliding hour. Only requests it lets through are counted. The client keeps its status reads within its share
/// with it; the local ACS endpoint enforces the service's quotas with it (windows shortened by a time scale there).
/// </summary>
public sealed class SlidingWindowQuota(int perMinute, int perHour, TimeSpan minute, TimeSpan hour)
{
    private readonly Queue<DateTimeOffset> _taken = new();
    private readonly Lock _gate = new();

    public SlidingWindowQuota(int perMinute, int perHour)
        : this(perMinute, perHour, TimeSpan.FromMinutes(1), TimeSpan.FromHours(1))
    {
    }

    /// <returns>Null when the request is within the quota (and counted), else how long until it would be.</returns>
    public TimeSpan? TryTake(DateTimeOffset now)
    {
        lock (_gate)
        {
            while (_taken.Count > 0 && now - _taken.Peek() >= hour)
            {
                _taken.Dequeue();
            }

            if (_taken.Count >= perHour)
            {
                return _taken.ElementAt(_taken.Count - perHour) + hour - now;
            }

            var inMinute = _taken.Where(t => now - t < minute).ToList();
            if (inMinute.Count >= perMinute)
            {
                return inMinute[inMinute.Count - perMinute] + minute - now;
            }

            _taken.Enqueue(now);
            return null;
        }
    }
}
