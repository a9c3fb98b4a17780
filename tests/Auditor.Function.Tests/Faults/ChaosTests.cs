using Auditor.Function.Tests.EndToEnd;
using Auditor.Testing;
using static Auditor.Function.Tests.EndToEnd.AuditHarness;
using static Auditor.Function.Tests.Faults.FaultRuns;

namespace Auditor.Function.Tests.Faults;

/// <summary>
/// Faults on every operation at once, by probability with a fixed seed: the audit completes with exactly the
/// findings of a clean run, each once, and every injected fault is accounted for as a retry.
/// </summary>
[Collection(MotoDefinition.Name)]
public sealed class ChaosTests
{
    /// <summary>Enough retries that a 20 % fault rate practically never exhausts them (0.2^9 per call).</summary>
    private static readonly Auditor.Aws.Resilience.ResilienceOptions Patient = Resilience with { MaxRetryAttempts = 8 };

    private readonly MotoServer _moto;

    public ChaosTests(MotoServer moto) => _moto = moto;

    [Theory]
    [InlineData(7)]
    [InlineData(2026)]
    public async Task Twenty_percent_throttling_on_every_operation_gives_exactly_a_clean_runs_findings(int seed)
    {
        await ResetAndSeedAsync(_moto);
        await using var proxy = FaultProxy.Start(_moto.Endpoint, seed).Add(new FaultRule("*", Fault.Throttle) { Probability = 0.2 });

        var response = (await RunAsync(_moto, proxy, resilience: Patient)).Response;

        var findings = await AssertExactlyTheSampleFindingsAsync(_moto);
        AssertEveryFaultWasRetried(response, proxy);
        Assert.True(proxy.FaultsInjected() > 0, "the seed injected no fault at all");
        Assert.Equal(findings.Count, response["imported"]!.GetValue<int>());
    }

    [Fact]
    public async Task Mixed_faults_on_a_rerun_update_every_finding_once_keep_CreatedAt_and_archive_nothing()
    {
        await ResetAndSeedAsync(_moto);
        await using var proxy = FaultProxy.Start(_moto.Endpoint, seed: 11);
        _ = (await RunAsync(_moto, proxy)).Response;
        var before = await AllFindingsAsync(_moto);
        proxy.ResetCounts();
        proxy.Add(new FaultRule("*", Fault.Throttle) { Probability = 0.06 })
            .Add(new FaultRule("*", Fault.InternalError) { Probability = 0.05 })
            .Add(new FaultRule("*", Fault.ConnectionReset) { Probability = 0.05 })
            .Add(new FaultRule("*", Fault.TruncatedBody) { Probability = 0.04 })
            .Add(new FaultRule("securityhub:BatchImportFindings", Fault.PartialFailedFindings) { Times = 2, FailEveryNthFinding = 3 });

        var response = (await RunAsync(_moto, proxy, resilience: Patient)).Response;

        var after = await AssertExactlyTheSampleFindingsAsync(_moto);
        Assert.Equal(0, response["created"]!.GetValue<int>());
        Assert.Equal(before.Count, response["updated"]!.GetValue<int>());
        Assert.Equal(0, response["archived"]!.GetValue<int>());
        Assert.Empty(response["importFailures"]!.AsArray());
        foreach (var finding in after)
        {
            Assert.Equal(before.Single(f => f.Region == finding.Region && f.FindingId == finding.FindingId).Field("CreatedAt"), finding.Field("CreatedAt"));
        }

        AssertEveryFaultWasRetried(response, proxy, partialImports: proxy.FaultsInjected("securityhub:BatchImportFindings"));
    }

    /// <summary>The operations moto 5.2.1 answers with an HTML 500 of its own, which are retried after a retried throttle.</summary>
    private static readonly HashSet<string> NotServedByMoto = ["cloudtrail:LookupEvents", "access-analyzer:ListAnalyzers"];

    /// <summary>
    /// Each injected fault is one retry of its operation, except on the operations moto does not implement (it
    /// answers them with an HTML 500 of its own): Shield's GetSubscriptionState, a probe answered by falling back to
    /// DescribeSubscription, and CloudTrail's LookupEvents and IAM Access Analyzer's ListAnalyzers, whose HTML 500 after
    /// a retried throttle is itself retried; and partial FailedFindings, which the writer re-imports itself.
    /// </summary>
    private static void AssertEveryFaultWasRetried(System.Text.Json.Nodes.JsonObject response, FaultProxy proxy, int partialImports = 0)
    {
        var faults = proxy.Calls.Where(c => c.Fault is not null && !NotServedByMoto.Contains(c.Operation) && c.Operation != "shield:GetSubscriptionState").ToList();
        var retried = faults.Count(c => c.Fault != Fault.PartialFailedFindings);
        var injected = string.Join(", ", faults.GroupBy(c => c.Operation).Select(g => $"{g.Key}={g.Count()}"));
        Assert.True(
            retried == response["retriesByOperation"]!.AsObject().Where(p => !NotServedByMoto.Contains(p.Key)).Sum(p => p.Value!.GetValue<int>()),
            $"faults injected: {injected}; retries reported: {response["retriesByOperation"]}");
        // moto answers every LookupEvents and ListAnalyzers with its own HTML 500, so a throttled one may end exhausted there.
        Assert.DoesNotContain(response["retriesExhausted"]!.AsObject(), p => !NotServedByMoto.Contains(p.Key));
        Assert.True(faults.Count(c => c.Fault == Fault.PartialFailedFindings) <= partialImports);
        AssertCallsAgree(response, proxy);
    }
}
