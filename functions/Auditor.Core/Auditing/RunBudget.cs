namespace Auditor.Core.Auditing;

/// <summary>
/// The time one audit may use, from Lambda's deadline. No unit of work (reading one piece of account data,
/// reading a region's stored findings, one import batch) starts after <see cref="StopStartingWorkAt"/>, the
/// deadline less a safety margin; reads still running at <see cref="StopReadingAt"/> are abandoned, so that
/// the findings already evaluated can still be written. Work left undone is reported, never guessed at.
/// </summary>
public sealed class RunBudget
{
    /// <summary>The reason code of everything a run left undone because its time ran out.</summary>
    public const string DeadlineReached = "DeadlineReached";

    /// <summary>Default time kept free before Lambda's deadline (10 s).</summary>
    public static readonly TimeSpan DefaultSafetyMargin = TimeSpan.FromSeconds(10);

    /// <summary>The most time kept for writing after reads are abandoned (2 minutes).</summary>
    public static readonly TimeSpan MaxWriteReserve = TimeSpan.FromMinutes(2);

    private readonly TimeProvider _time;

    /// <param name="deadline">Lambda's deadline for the invocation.</param>
    /// <param name="safetyMargin">No new work starts closer than this to the deadline.</param>
    /// <param name="time">The clock.</param>
    /// <param name="writeReserve">Time kept for writing after reads stop; default a quarter of the time available, at most <see cref="MaxWriteReserve"/>.</param>
    public RunBudget(DateTimeOffset deadline, TimeSpan safetyMargin, TimeProvider time, TimeSpan? writeReserve = null)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(safetyMargin, TimeSpan.Zero);
        _time = time;
        Deadline = deadline;
        SafetyMargin = safetyMargin;
        StopStartingWorkAt = deadline == DateTimeOffset.MaxValue ? deadline : deadline - safetyMargin;
        if (writeReserve is null)
        {
            var available = StopStartingWorkAt == DateTimeOffset.MaxValue ? MaxWriteReserve * 4 : StopStartingWorkAt - time.GetUtcNow();
            var quarter = available > TimeSpan.Zero ? available / 4 : TimeSpan.Zero;
            writeReserve = quarter < MaxWriteReserve ? quarter : MaxWriteReserve;
        }

        WriteReserve = writeReserve.Value;
        StopReadingAt = StopStartingWorkAt == DateTimeOffset.MaxValue ? StopStartingWorkAt : StopStartingWorkAt - WriteReserve;
    }

    /// <summary>No deadline: tests and tools that run without Lambda.</summary>
    public static RunBudget Unlimited { get; } = new(DateTimeOffset.MaxValue, TimeSpan.Zero, TimeProvider.System);

    public DateTimeOffset Deadline { get; }

    public TimeSpan SafetyMargin { get; }

    public TimeSpan WriteReserve { get; }

    /// <summary>The deadline less the safety margin: no unit of work starts later.</summary>
    public DateTimeOffset StopStartingWorkAt { get; }

    /// <summary>Reads of account data still running at this time are abandoned.</summary>
    public DateTimeOffset StopReadingAt { get; }

    public bool MayRead => _time.GetUtcNow() < StopReadingAt;

    public bool MayStartWork => _time.GetUtcNow() < StopStartingWorkAt;

    /// <summary>A token cancelled at <see cref="StopReadingAt"/> or with <paramref name="outer"/>; dispose it after the reads.</summary>
    public ReadWindow OpenReadWindow(CancellationToken outer) => new(this, outer);

    /// <summary>A sentence for a response or a log: what stopped and when.</summary>
    public string Describe(string what) =>
        $"{what}: the run reached its time limit (reads stop at {StopReadingAt:yyyy-MM-dd'T'HH:mm:ss.fff'Z'}, new work at {StopStartingWorkAt:yyyy-MM-dd'T'HH:mm:ss.fff'Z'}, Lambda's deadline {Deadline:yyyy-MM-dd'T'HH:mm:ss.fff'Z'}); its stored findings are kept and the next run completes the work";

    /// <summary>The cancellation of the read phase.</summary>
    public sealed class ReadWindow : IDisposable
    {
        private readonly CancellationTokenSource? _timer;
        private readonly CancellationTokenSource _linked;

        internal ReadWindow(RunBudget budget, CancellationToken outer)
        {
            Outer = outer;
            if (budget.StopReadingAt == DateTimeOffset.MaxValue)
            {
                _linked = CancellationTokenSource.CreateLinkedTokenSource(outer);
                return;
            }

            var left = budget.StopReadingAt - budget._time.GetUtcNow();
            var max = TimeSpan.FromMilliseconds(uint.MaxValue - 1);
            _timer = new CancellationTokenSource(left <= TimeSpan.Zero ? TimeSpan.Zero : left < max ? left : max, budget._time);
            _linked = CancellationTokenSource.CreateLinkedTokenSource(outer, _timer.Token);
        }

        public CancellationToken Outer { get; }

        public CancellationToken Token => _linked.Token;

        /// <summary>True once the read phase has run out of time (and not because the whole run was cancelled).</summary>
        public bool TimedOut => _timer?.IsCancellationRequested == true && !Outer.IsCancellationRequested;

        public void Dispose()
        {
            _linked.Dispose();
            _timer?.Dispose();
        }
    }
}
