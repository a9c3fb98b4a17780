using System.Collections.Concurrent;
using System.Threading.RateLimiting;
using Polly;
using Polly.Retry;
using Polly.Timeout;

namespace Auditor.Aws.Resilience;

/// <summary>
/// Builds, once per (service, region, operation), the Polly pipeline every AWS call runs through:
/// retry with exponential back-off and jitter honouring Retry-After, then the documented rate limit
/// where AWS publishes one, then a per-attempt timeout. Retries sit outside the SigV4 signer, so every
/// attempt is a freshly built and freshly signed request; a retry caused by expired credentials first asks
/// the credentials to refresh (<see cref="CredentialsExpired"/>).
/// </summary>
public sealed class AwsResilience
{
    /// <summary>Documented per-account, per-region limits: requests per second and burst.</summary>
    /// <remarks>LookupEvents: 2 per second per account and region (CloudTrail quotas), no burst.</remarks>
    private static readonly Dictionary<(string Service, string Operation), (int PerSecond, int Burst)> RateLimits = new()
    {
        [("securityhub", "BatchImportFindings")] = (10, 30),
        [("securityhub", "GetFindings")] = (3, 6),
        [("cloudtrail", "LookupEvents")] = (2, 2),
    };

    private readonly ConcurrentDictionary<(string, string, string, bool), ResiliencePipeline> _pipelines = new();

    // One limiter per (service, region, operation), shared by the pipelines with and without retries.
    private readonly ConcurrentDictionary<(string, string, string), RateLimiter> _limiters = new();

    public AwsResilience(ResilienceOptions options, CallCounters counters)
    {
        Options = options.Validate();
        Counters = counters;
    }

    public ResilienceOptions Options { get; }

    public CallCounters Counters { get; }

    /// <summary>Called before a retry whose cause is expired credentials, so the retry is signed with fresh ones.</summary>
    public Action? CredentialsExpired { get; set; }

    /// <summary>The pipeline of an operation sent through an SDK client rather than our signed sender (STS AssumeRole, SQS).</summary>
    public ResiliencePipeline For(Http.AwsOperation operation, string region) =>
        For(operation.Service.SigningName, region, operation.Name);

    /// <param name="retry">False for a probe whose failure has a fallback (no point retrying it).</param>
    public ResiliencePipeline For(string service, string region, string operation, bool retry = true) =>
        _pipelines.GetOrAdd((service, region, operation, retry), key => Build(key.Item1, key.Item2, key.Item3, key.Item4));

    private ResiliencePipeline Build(string service, string region, string operation, bool retry)
    {
        var builder = new ResiliencePipelineBuilder { TimeProvider = Options.TimeProvider };
        if (retry && Options.MaxRetryAttempts > 0)
        {
            builder.AddRetry(new RetryStrategyOptions
            {
                MaxRetryAttempts = Options.MaxRetryAttempts,
                BackoffType = DelayBackoffType.Exponential,
                UseJitter = true,
                Delay = Options.BaseDelay,
                MaxDelay = Options.MaxDelay,
                ShouldHandle = args => ValueTask.FromResult(args.Outcome.Exception is { } e && TransientErrors.IsTransient(e)),
                DelayGenerator = args => ValueTask.FromResult(
                    args.Outcome.Exception is AwsServiceException { RetryAfter: { } after }
                        ? (TimeSpan?)(after < Options.MaxDelay ? after : Options.MaxDelay)
                        : null),
                OnRetry = args =>
                {
                    var error = args.Outcome.Exception!;
                    if (TransientErrors.IsExpiredCredentials(error))
                    {
                        CredentialsExpired?.Invoke();
                    }

                    Counters.Retry(new RetryNotice(service, region, operation, TransientErrors.Cause(error), args.AttemptNumber + 1, args.RetryDelay, error.Message));
                    return ValueTask.CompletedTask;
                },
            });
        }

        if (Options.RateLimits && RateLimits.TryGetValue((service, operation), out var limit))
        {
            builder.AddRateLimiter(_limiters.GetOrAdd((service, region, operation), _ => CreateLimiter(limit.PerSecond, limit.Burst)));
        }

        builder.AddTimeout(new TimeoutStrategyOptions { Timeout = Options.AttemptTimeout });
        return builder.Build();
    }

    /// <summary>
    /// A documented burst above the rate gets a token bucket (Security Hub); a plain "N requests per second" gets a
    /// <see cref="SpacedRateLimiter"/>, so the service never sees more than N calls in one second (CloudTrail LookupEvents).
    /// </summary>
    private RateLimiter CreateLimiter(int perSecond, int burst) => burst > perSecond
        ? new TokenBucketRateLimiter(new TokenBucketRateLimiterOptions
        {
            TokenLimit = burst,
            TokensPerPeriod = perSecond,
            ReplenishmentPeriod = TimeSpan.FromSeconds(1),
            QueueLimit = int.MaxValue,
            QueueProcessingOrder = QueueProcessingOrder.OldestFirst,
            AutoReplenishment = true,
        })
        : new SpacedRateLimiter(perSecond, TimeSpan.FromSeconds(1), Options.TimeProvider);
}
