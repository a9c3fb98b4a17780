using System.Collections.Concurrent;
using Amazon.Runtime;
using Auditor.Function.Tests.EndToEnd;
using Auditor.Testing;
using static Auditor.Function.Tests.EndToEnd.AuditHarness;
using static Auditor.Function.Tests.Faults.FaultRuns;

namespace Auditor.Function.Tests.Faults;

/// <summary>
/// Credentials that expire during a run (assumed-role, container and instance credentials do): later calls are
/// signed with the new key (the proxy reads <c>Credential=AKID/…</c> from each request), and a call the service
/// refuses with ExpiredToken is signed again with refreshed credentials.
/// </summary>
[Collection(MotoDefinition.Name)]
public sealed class CredentialRefreshTests
{
    private readonly MotoServer _moto;

    public CredentialRefreshTests(MotoServer moto) => _moto = moto;

    [Fact]
    public async Task Credentials_that_expire_mid_run_are_refreshed_and_later_calls_are_signed_with_the_new_key()
    {
        await ResetAndSeedAsync(_moto);
        var credentials = new RotatingCredentials(TimeSpan.FromSeconds(1));
        await using var proxy = FaultProxy.Start(_moto.Endpoint)
            // A key used after its expiry is refused, as AWS does.
            .Add(new FaultRule("*", Fault.ExpiredToken) { When = r => credentials.HasExpired(r.AccessKeyId) })
            // Every answer a little late, so that the run outlives several keys.
            .Add(new FaultRule("*", Fault.Slow) { Delay = TimeSpan.FromMilliseconds(150) });

        var response = (await RunAsync(_moto, proxy, credentials: () => credentials)).Response;

        await AssertExactlyTheSampleFindingsAsync(_moto);
        var keys = proxy.Calls.Select(c => c.AccessKeyId).Distinct().ToList();
        Assert.True(keys.Count >= 2, "signed with only " + string.Join(", ", keys));
        Assert.NotEqual(proxy.Calls[0].AccessKeyId, proxy.Calls[^1].AccessKeyId);
        Assert.All(keys, k => Assert.StartsWith("ASIAGEN", k, StringComparison.Ordinal));
        // Each refusal is retried with fresh credentials (Shield's GetSubscriptionState is a probe: it falls back instead).
        Assert.Equal(
            proxy.Calls.Count(c => c.Fault == Fault.ExpiredToken && c.Operation != "shield:GetSubscriptionState"),
            Count(response, "retries", "expired-credentials"));
        Assert.Empty(response["retriesExhausted"]!.AsObject());
    }

    [Fact]
    public async Task A_call_refused_with_ExpiredToken_refreshes_the_credentials_and_is_signed_again_with_the_new_key()
    {
        await ResetAndSeedAsync(_moto);
        var credentials = new RotatingCredentials(TimeSpan.FromHours(1));
        await using var proxy = FaultProxy.Start(_moto.Endpoint)
            .Add(new FaultRule("*", Fault.ExpiredToken) { When = r => r.AccessKeyId == RotatingCredentials.KeyOf(1) });

        var response = (await RunAsync(_moto, proxy, credentials: () => credentials)).Response;

        await AssertExactlyTheSampleFindingsAsync(_moto);
        var refused = proxy.Calls.Where(c => c.AccessKeyId == RotatingCredentials.KeyOf(1)).ToList();
        Assert.NotEmpty(refused);
        Assert.All(refused, c => Assert.Equal(Fault.ExpiredToken, c.Fault));
        Assert.Equal(refused.Count, Count(response, "retries", "expired-credentials"));
        Assert.Equal(RotatingCredentials.KeyOf(2), proxy.Calls[^1].AccessKeyId);
        Assert.Equal(proxy.Calls.Count - refused.Count, proxy.Calls.Count(c => c.AccessKeyId == RotatingCredentials.KeyOf(2)));
    }

    /// <summary>Temporary credentials with a short life: each generation a new key, as STS AssumeRole hands out.</summary>
    private sealed class RotatingCredentials : RefreshingAWSCredentials
    {
        private readonly TimeSpan _lifetime;
        private readonly ConcurrentDictionary<string, DateTime> _expiries = new(StringComparer.Ordinal);
        private int _generation;

        public RotatingCredentials(TimeSpan lifetime)
        {
            _lifetime = lifetime;
            PreemptExpiryTime = TimeSpan.Zero;
            ExpirationBuffer = TimeSpan.Zero;
        }

        public static string KeyOf(int generation) => $"ASIAGEN{generation:D4}";

        public bool HasExpired(string accessKeyId) => _expiries.TryGetValue(accessKeyId, out var expiry) && DateTime.UtcNow > expiry;

        protected override CredentialsRefreshState GenerateNewCredentials()
        {
            var generation = Interlocked.Increment(ref _generation);
            var key = KeyOf(generation);
            var expires = DateTime.UtcNow + _lifetime;
            _expiries[key] = expires;
            return new CredentialsRefreshState(new ImmutableCredentials(key, $"secret-{generation}", $"token-{generation}"), expires);
        }
    }
}
