using System.Threading.RateLimiting;

namespace Auditor.Aws.Resilience;

/// <summary>
/// At most <c>permits</c> requests in any <c>window</c>, as the server sees them arrive. A token bucket allows a burst
/// at each refill (four calls within a few milliseconds at 2/s), and even a strict window over the moments calls are
/// let go cannot hold at the server, where a call that took long to leave arrives close to a later quick one. So a
/// permit is freed only a full window after the request that held it has finished: each of the <c>permits</c> chains
/// of requests arrives at least a window apart, whatever the latency. Waiters are served in arrival order.
/// The pipeline disposes the lease when the attempt ends (success, error or timeout).
/// </summary>
public sealed class SpacedRateLimiter : RateLimiter
{
    private readonly int _permits;
    private readonly TimeSpan _window;
    private readonly TimeProvider _time;
    private readonly SemaphoreSlim _inFlight;
    private readonly Queue<DateTimeOffset> _freedAt = new();
    private readonly object _gate = new();

    public SpacedRateLimiter(int permits, TimeSpan window, TimeProvider time)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(permits, 1);
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(window, TimeSpan.Zero);
        _permits = permits;
        _window = window;
        _time = time;
        _inFlight = new SemaphoreSlim(permits, permits);
        for (var i = 0; i < permits; i++)
        {
            _freedAt.Enqueue(DateTimeOffset.MinValue);
        }
    }

    public override TimeSpan? IdleDuration => null;

    public override RateLimiterStatistics? GetStatistics() => null;

    protected override RateLimitLease AttemptAcquireCore(int permitCount)
    {
        ValidateCount(permitCount);
        if (permitCount == 0)
        {
            return Lease.Refused;
        }

        if (!_inFlight.Wait(0))
        {
            return Lease.Refused;
        }

        lock (_gate)
        {
            if (ReadyAt(_freedAt.Peek()) <= _time.GetUtcNow())
            {
                _freedAt.Dequeue();
                return new Lease(this);
            }
        }

        _inFlight.Release();
        return Lease.Refused;
    }

    protected override async ValueTask<RateLimitLease> AcquireAsyncCore(int permitCount, CancellationToken cancellationToken)
    {
        ValidateCount(permitCount);
        if (permitCount == 0)
        {
            return Lease.Granted;
        }

        await _inFlight.WaitAsync(cancellationToken).ConfigureAwait(false);
        DateTimeOffset freed;
        TimeSpan wait;
        lock (_gate)
        {
            freed = _freedAt.Dequeue();
            wait = ReadyAt(freed) - _time.GetUtcNow();
        }

        if (wait > TimeSpan.Zero)
        {
            try
            {
                await Task.Delay(wait, _time, cancellationToken).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                Return(freed);
                throw;
            }
        }

        return new Lease(this);
    }

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            _inFlight.Dispose();
        }

        base.Dispose(disposing);
    }

    private DateTimeOffset ReadyAt(DateTimeOffset freed) => freed == DateTimeOffset.MinValue ? freed : freed + _window;

    /// <summary>A permit comes back: usable again a window after <paramref name="freed"/>.</summary>
    private void Return(DateTimeOffset freed)
    {
        lock (_gate)
        {
            _freedAt.Enqueue(freed);
        }

        _inFlight.Release();
    }

    private void ValidateCount(int permitCount)
    {
        if (permitCount is < 0 or > 1)
        {
            throw new ArgumentOutOfRangeException(nameof(permitCount), permitCount, $"one request at a time (this limiter has {_permits} permits)");
        }
    }

    private sealed class Lease : RateLimitLease
    {
        public static readonly Lease Granted = new(null) { _acquired = true };
        public static readonly Lease Refused = new(null);

        private readonly SpacedRateLimiter? _owner;
        private bool _acquired;
        private int _released;

        public Lease(SpacedRateLimiter? owner)
        {
            _owner = owner;
            _acquired = owner is not null;
        }

        public override bool IsAcquired => _acquired;

        public override IEnumerable<string> MetadataNames => [];

        public override bool TryGetMetadata(string metadataName, out object? metadata)
        {
            metadata = null;
            return false;
        }

        protected override void Dispose(bool disposing)
        {
            if (disposing && _owner is not null && Interlocked.Exchange(ref _released, 1) == 0)
            {
                _owner.Return(_owner._time.GetUtcNow());
            }

            base.Dispose(disposing);
        }
    }
}
