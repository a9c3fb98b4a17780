using System.Threading.RateLimiting;

namespace Auditor.Aws.Resilience;

/// <summary>
/// At most <c>permits</c> requests in any sliding <c>window</c>, strictly: each request waits until the one
/// <c>permits</c> places before it is a full window old. A token bucket allows a burst at each refill (four calls
/// within a few milliseconds of each other at 2/s), which an API limited to "2 requests per second" may throttle;
/// this limiter never does. Waiters are served in arrival order; a cancelled waiter keeps its slot (conservative).
/// </summary>
public sealed class SpacedRateLimiter : RateLimiter
{
    private readonly DateTimeOffset[] _granted;
    private readonly TimeSpan _window;
    private readonly TimeProvider _time;
    private readonly object _gate = new();
    private int _next;

    public SpacedRateLimiter(int permits, TimeSpan window, TimeProvider time)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(permits, 1);
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(window, TimeSpan.Zero);
        _granted = Enumerable.Repeat(DateTimeOffset.MinValue, permits).ToArray();
        _window = window;
        _time = time;
    }

    public override TimeSpan? IdleDuration => null;

    public override RateLimiterStatistics? GetStatistics() => null;

    protected override RateLimitLease AttemptAcquireCore(int permitCount)
    {
        ValidateCount(permitCount);
        lock (_gate)
        {
            var now = _time.GetUtcNow();
            if (!IsFree(now))
            {
                return Lease.Refused;
            }

            if (permitCount > 0)
            {
                Reserve(now);
            }

            return Lease.Granted;
        }
    }

    protected override async ValueTask<RateLimitLease> AcquireAsyncCore(int permitCount, CancellationToken cancellationToken)
    {
        ValidateCount(permitCount);
        if (permitCount == 0)
        {
            return Lease.Granted;
        }

        TimeSpan wait;
        lock (_gate)
        {
            var now = _time.GetUtcNow();
            var at = Earliest(now);
            Reserve(at);
            wait = at - now;
        }

        if (wait > TimeSpan.Zero)
        {
            await Task.Delay(wait, _time, cancellationToken).ConfigureAwait(false);
        }

        return Lease.Granted;
    }

    private bool IsFree(DateTimeOffset now) => Earliest(now) <= now;

    /// <summary>The first moment the oldest of the last <c>permits</c> grants is a full window old.</summary>
    private DateTimeOffset Earliest(DateTimeOffset now)
    {
        var oldest = _granted[_next];
        var free = oldest == DateTimeOffset.MinValue ? now : oldest + _window;
        return free > now ? free : now;
    }

    private void Reserve(DateTimeOffset at)
    {
        _granted[_next] = at;
        _next = (_next + 1) % _granted.Length;
    }

    private void ValidateCount(int permitCount)
    {
        if (permitCount < 0 || permitCount > _granted.Length)
        {
            throw new ArgumentOutOfRangeException(nameof(permitCount), permitCount, $"must be between 0 and {_granted.Length}");
        }

        if (permitCount > 1)
        {
            throw new ArgumentOutOfRangeException(nameof(permitCount), permitCount, "one request at a time");
        }
    }

    private sealed class Lease : RateLimitLease
    {
        public static readonly Lease Granted = new(true);
        public static readonly Lease Refused = new(false);

        private Lease(bool acquired) => IsAcquired = acquired;

        public override bool IsAcquired { get; }

        public override IEnumerable<string> MetadataNames => [];

        public override bool TryGetMetadata(string metadataName, out object? metadata)
        {
            metadata = null;
            return false;
        }
    }
}
