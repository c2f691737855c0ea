using Microsoft.Extensions.Options;
using RecoveryFunctions.Core.Options;
using RecoveryFunctions.Core.Sessions;
using RecoveryFunctions.Core.Throttling;

namespace RecoveryFunctions.Tests.Sessions;

/// <summary>
/// A successful sign-in gives its attempt back to the hour's counters (the address's and the client's) and to the day's
/// in one round trip to the throttle store: the two give-backs are independent, so they are in flight together.
/// </summary>
public sealed class SignInLockoutGiveBackTests
{
    [Fact]
    public async Task Succeeded_HourAndDayGiveBacks_InFlightTogether()
    {
        var store = new GiveBacksMeetingStore(expected: 2);
        var options = Options.Create(new ThrottleOptions());
        var lockout = new SignInLockout(store, new ClientLimits(store, options, Options.Create(new AssistanceOptions())), notices: null!, options, TimeProvider.System);

        // Each give-back waits until the other has begun: done one after the other, the first would never end.
        await lockout.SucceededAsync(new SignInAttempt("titulaire@example.fr", "198.51.100.7", Familiar: false, Locked: false, LockEndsIfFailed: null))
            .WaitAsync(TimeSpan.FromSeconds(10));

        Assert.Equal([TimeSpan.FromHours(1), TimeSpan.FromDays(1)], store.Windows.Order());
        Assert.Equal(3, store.Counters);
    }

    /// <summary>Answers give-backs only once <c>expected</c> of them have begun; anything else is not this test's.</summary>
    private sealed class GiveBacksMeetingStore(int expected) : IThrottleStore
    {
        private readonly TaskCompletionSource _allBegun = new(TaskCreationOptions.RunContinuationsAsynchronously);
        private readonly List<TimeSpan> _windows = [];
        private int _counters;

        public IReadOnlyList<TimeSpan> Windows => _windows;

        public int Counters => _counters;

        public async Task RefundAsync(IReadOnlyList<ThrottleCounter> counters, TimeSpan window, int hits = 1, CancellationToken cancellationToken = default)
        {
            lock (_windows)
            {
                _windows.Add(window);
                _counters += counters.Count;
                if (_windows.Count == expected)
                {
                    _allBegun.SetResult();
                }
            }

            await _allBegun.Task.WaitAsync(cancellationToken);
        }

        public Task<ThrottleDecision> HitAsync(IReadOnlyList<ThrottleCounter> counters, TimeSpan window, CancellationToken cancellationToken = default) => throw new NotSupportedException();

        public Task<ThrottleDecision> CheckAsync(IReadOnlyList<ThrottleCounter> counters, TimeSpan window, CancellationToken cancellationToken = default) => throw new NotSupportedException();

        public Task<IReadOnlyList<int>> CountAsync(IReadOnlyList<ThrottleCounter> counters, TimeSpan window, CancellationToken cancellationToken = default) => throw new NotSupportedException();
    }
}
