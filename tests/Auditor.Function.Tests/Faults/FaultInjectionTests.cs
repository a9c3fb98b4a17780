using Auditor.Function.Tests.EndToEnd;
using Auditor.Testing;
using static Auditor.Function.Tests.EndToEnd.AuditHarness;
using static Auditor.Function.Tests.Faults.FaultRuns;

namespace Auditor.Function.Tests.Faults;

/// <summary>
/// Each fault AWS produces, injected by a proxy in front of moto into one operation at a time: the audit completes,
/// Security Hub holds exactly the findings of a clean run, each once, the retries are the faults injected (no more),
/// and the response counts them by cause and by operation.
/// </summary>
[Collection(MotoDefinition.Name)]
public sealed class FaultInjectionTests
{
    /// <summary>One operation of each wire protocol: query (IAM), EC2, json 1.1 (Shield), rest-json (GuardDuty, Security Hub), the STS SDK.</summary>
    public static readonly string[] OnePerProtocol =
    [
        "iam:GetCredentialReport", "ec2:DescribeRegions", "shield:DescribeSubscription", "guardduty:ListDetectors",
        "securityhub:BatchImportFindings", "sts:GetCallerIdentity",
    ];

    /// <summary>Every operation an audit calls with retries (Shield's GetSubscriptionState is a probe with a fallback).</summary>
    public static readonly string[] EveryOperation =
    [
        "sts:GetCallerIdentity", "ec2:DescribeRegions", "securityhub:DescribeHub", "iam:GenerateCredentialReport",
        "iam:GetCredentialReport", "iam:GetAccountSummary", "iam:ListVirtualMFADevices", "shield:DescribeSubscription",
        "guardduty:ListDetectors", "guardduty:GetDetector", "securityhub:GetFindings", "securityhub:BatchImportFindings",
    ];

    private readonly MotoServer _moto;

    public FaultInjectionTests(MotoServer moto) => _moto = moto;

    public static TheoryData<string> EveryOperationData() => new(EveryOperation);

    /// <summary>
    /// Connection resets and cut bodies on every protocol; 500, 503 and slow answers (which share their code path
    /// across protocols) on some of each, so that the suite stays short.
    /// </summary>
    public static TheoryData<string, Fault> TransportFaults()
    {
        var data = new TheoryData<string, Fault>();
        foreach (var fault in new[] { Fault.ConnectionReset, Fault.TruncatedBody, Fault.MalformedBody })
        {
            foreach (var operation in OnePerProtocol)
            {
                data.Add(operation, fault);
            }
        }

        foreach (var operation in new[] { "iam:GetCredentialReport", "shield:DescribeSubscription", "securityhub:BatchImportFindings" })
        {
            data.Add(operation, Fault.InternalError);
        }

        foreach (var operation in new[] { "ec2:DescribeRegions", "guardduty:ListDetectors", "sts:GetCallerIdentity" })
        {
            data.Add(operation, Fault.ServiceUnavailable);
        }

        foreach (var operation in new[] { "iam:GetCredentialReport", "guardduty:ListDetectors", "securityhub:BatchImportFindings", "sts:GetCallerIdentity" })
        {
            data.Add(operation, Fault.Slow);
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(EveryOperationData))]
    public async Task Throttling_in_the_services_own_format_is_retried_and_the_findings_are_exactly_a_clean_runs(string operation)
    {
        await ResetAndSeedAsync(_moto);
        await using var proxy = FaultProxy.Start(_moto.Endpoint).Add(new FaultRule(operation, Fault.Throttle) { Times = 2 });

        var response = (await RunAsync(_moto, proxy)).Response;

        var findings = await AssertExactlyTheSampleFindingsAsync(_moto);
        Assert.Equal(2, proxy.FaultsInjected(operation));
        Assert.Equal(2, Count(response, "retriesByOperation", operation));
        Assert.Equal(2, Count(response, "retries", "throttling"));
        Assert.Equal(2, response["retries"]!.AsObject().Sum(p => p.Value!.GetValue<int>()));
        Assert.Empty(response["retriesExhausted"]!.AsObject());
        Assert.True(response["complete"]!.GetValue<bool>());
        Assert.Equal(findings.Count, response["imported"]!.GetValue<int>());
        AssertCallsAgree(response, proxy);
    }

    [Theory]
    [MemberData(nameof(TransportFaults))]
    public async Task Server_errors_resets_cut_bodies_and_slow_answers_are_retried_and_the_findings_are_exactly_a_clean_runs(string operation, Fault fault)
    {
        // With a Shield subscription, so that DescribeSubscription answers with a body (without one it is an error
        // answer, whose code travels in a header and survives a cut body).
        var shield = operation.StartsWith("shield:", StringComparison.Ordinal);
        await _moto.ResetAsync();
        await _moto.SeedAsync(shield ? SampleWorld.TrimEnd().TrimEnd('}') + ""","shield":{"autoRenew":"ENABLED"}}""" : SampleWorld);
        var slow = fault == Fault.Slow;
        var times = slow ? 1 : 2;
        await using var proxy = FaultProxy.Start(_moto.Endpoint).Add(new FaultRule(operation, fault) { Times = times, Delay = TimeSpan.FromSeconds(8) });

        var response = (await RunAsync(_moto, proxy, resilience: slow ? ShortAttempts : Resilience)).Response;

        var findings = await AssertExactlyTheSampleFindingsAsync(_moto, (check, _) => shield && check == "us-east-1 shield.advanced" ? "PASSED" : null);
        Assert.Equal(times, proxy.FaultsInjected(operation));
        var cause = fault switch
        {
            Fault.InternalError => "http-500",
            Fault.ServiceUnavailable => "http-503",
            Fault.ConnectionReset => "connection",
            Fault.TruncatedBody or Fault.MalformedBody => "incomplete-response",
            _ => "timeout",
        };
        var causes = response["retries"]!.AsObject().ToDictionary(p => p.Key, p => p.Value!.GetValue<int>());
        if (slow)
        {
            // A busy machine may make another call slow too: at least the injected retry, and nothing exhausted.
            Assert.True(Count(response, "retriesByOperation", operation) >= times, response.ToJsonString());
            Assert.Equal(["timeout"], causes.Keys);
        }
        else
        {
            Assert.Equal(times, Count(response, "retriesByOperation", operation));
            Assert.Equal(new Dictionary<string, int> { [cause] = times }, causes);
            AssertCallsAgree(response, proxy);
        }

        Assert.Empty(response["retriesExhausted"]!.AsObject());
        Assert.Equal(findings.Count, response["imported"]!.GetValue<int>());
    }

    [Fact]
    public async Task A_server_Retry_After_is_honoured()
    {
        await ResetAndSeedAsync(_moto);
        await using var proxy = FaultProxy.Start(_moto.Endpoint)
            .Add(new FaultRule("iam:GetAccountSummary", Fault.Throttle) { Times = 1, RetryAfterSeconds = 1.2 });
        var resilience = Resilience with { MaxDelay = TimeSpan.FromSeconds(5) };

        var response = (await RunAsync(_moto, proxy, resilience: resilience)).Response;

        var calls = proxy.Calls.Where(c => c.Operation == "iam:GetAccountSummary").ToList();
        Assert.Equal(2, calls.Count);
        Assert.True(calls[1].At - calls[0].At >= TimeSpan.FromSeconds(1.1), $"retried after {(calls[1].At - calls[0].At).TotalMilliseconds} ms");
        Assert.Equal(1, Count(response, "retries", "throttling"));
        await AssertExactlyTheSampleFindingsAsync(_moto);
    }

    [Fact]
    public async Task FailedFindings_with_a_retriable_code_are_imported_again_and_every_finding_is_stored_once()
    {
        await ResetAndSeedAsync(_moto);
        await using var proxy = FaultProxy.Start(_moto.Endpoint)
            .Add(new FaultRule("securityhub:BatchImportFindings", Fault.PartialFailedFindings) { Region = "us-east-1", Times = 1, FailedFindingsErrorCode = "LimitExceeded" });

        var response = (await RunAsync(_moto, proxy)).Response;

        var findings = await AssertExactlyTheSampleFindingsAsync(_moto);
        Assert.Equal(2, proxy.CallsTo("securityhub:BatchImportFindings", "us-east-1"));
        Assert.Equal(findings.Count, response["imported"]!.GetValue<int>());
        Assert.Empty(response["importFailures"]!.AsArray());
    }

    [Fact]
    public async Task FailedFindings_that_cannot_succeed_are_reported_by_id_and_code_and_the_run_fails_with_ImportFailed()
    {
        await ResetAndSeedAsync(_moto);
        var planned = await PlannedFindingsAsync(_moto);
        await using var proxy = FaultProxy.Start(_moto.Endpoint)
            .Add(new FaultRule("securityhub:BatchImportFindings", Fault.PartialFailedFindings) { Region = "us-east-1", FailedFindingsErrorCode = "InvalidInput" });

        var run = await RunAsync(_moto, proxy);

        Assert.Equal("ImportFailed", run.Error.ErrorType);
        var summary = Summary(run);
        var failures = summary["importFailures"]!.AsArray().Select(f => f!.AsObject()).ToList();
        // The proxy fails every second finding of the one us-east-1 batch, from the first; eu-west-1 imports all of its own.
        var inUsEast1 = planned.Count(f => f.Region == "us-east-1");
        Assert.InRange(inUsEast1, 2, 100);
        Assert.Equal((inUsEast1 + 1) / 2, failures.Count);
        Assert.All(failures, f => Assert.Equal("InvalidInput", f["ErrorCode"]!.GetValue<string>()));
        Assert.Equal(planned.Count - failures.Count, summary["imported"]!.GetValue<int>());

        // Not retried (InvalidInput cannot succeed), each failed finding named, the others stored once.
        Assert.Equal(1, proxy.CallsTo("securityhub:BatchImportFindings", "us-east-1"));
        var stored = await AllFindingsAsync(_moto);
        AssertEachOnce(stored);
        var failedIds = failures.Select(f => f["Id"]!.GetValue<string>()).ToHashSet();
        Assert.DoesNotContain(stored, f => failedIds.Contains(f.FindingId));
        Assert.Equal(planned.Count, stored.Count + failedIds.Count);
        Assert.All(failedIds, id => Assert.Contains(id, run.Log, StringComparison.Ordinal));
    }
}
