namespace Auditor.Aws.Resilience;

/// <summary>
/// How every AWS call is retried, timed out and rate limited. One options object configures all clients;
/// each default is documented and checked by <see cref="Validate"/>.
/// </summary>
public sealed record ResilienceOptions
{
    /// <summary>Retries after the first attempt (default 5, so at most 6 attempts).</summary>
    public int MaxRetryAttempts { get; init; } = 5;

    /// <summary>First back-off delay, doubled per retry with jitter (default 250 ms).</summary>
    public TimeSpan BaseDelay { get; init; } = TimeSpan.FromMilliseconds(250);

    /// <summary>Longest single back-off delay, also the cap on a server's Retry-After (default 20 s).</summary>
    public TimeSpan MaxDelay { get; init; } = TimeSpan.FromSeconds(20);

    /// <summary>Time one attempt may take before it is abandoned and retried (default 30 s).</summary>
    public TimeSpan AttemptTimeout { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>Whether documented per-operation rate limits are applied on our side (default true).</summary>
    public bool RateLimits { get; init; } = true;

    public TimeProvider TimeProvider { get; init; } = TimeProvider.System;

    public static ResilienceOptions Default { get; } = new();

    /// <summary>
    /// The wait before retry number <paramref name="attempt"/> (1 = the first retry) of work retried outside a call's
    /// pipeline (the findings a BatchImportFindings answer lists as failed): exponential from <see cref="BaseDelay"/>,
    /// capped at <see cref="MaxDelay"/>, with jitter between half and all of it, so concurrent writers spread out.
    /// </summary>
    public TimeSpan RetryDelay(int attempt)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(attempt, 1);
        var exponential = BaseDelay.Ticks * Math.Pow(2, Math.Min(attempt, 30));
        var capped = Math.Min(exponential, MaxDelay.Ticks);
        return TimeSpan.FromTicks((long)(capped * (0.5 + (Random.Shared.NextDouble() / 2))));
    }

    public ResilienceOptions Validate()
    {
        if (MaxRetryAttempts is < 0 or > 20)
        {
            throw new ArgumentOutOfRangeException(nameof(MaxRetryAttempts), MaxRetryAttempts, "must be between 0 and 20");
        }

        if (BaseDelay < TimeSpan.Zero || MaxDelay < BaseDelay)
        {
            throw new ArgumentOutOfRangeException(nameof(BaseDelay), BaseDelay, "must be at least zero and at most MaxDelay");
        }

        if (AttemptTimeout <= TimeSpan.Zero)
        {
            throw new ArgumentOutOfRangeException(nameof(AttemptTimeout), AttemptTimeout, "must be positive");
        }

        return this;
    }
}
