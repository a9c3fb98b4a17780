using System.Text.Json.Nodes;
using Auditor.Function.Tests.EndToEnd;
using Auditor.Testing;
using static Auditor.Function.Tests.EndToEnd.AuditHarness;
using static Auditor.Function.Tests.Faults.FaultRuns;

namespace Auditor.Function.Tests.Faults;

/// <summary>
/// Faults that outlast every retry: the result is NOT_AVAILABLE for exactly the scope that could not be read, or an
/// explicit error naming what was not written. Never a silently smaller set of findings, never a wrong ARCHIVED.
/// Each test first runs clean, then faulty, and compares what Security Hub holds.
/// </summary>
[Collection(MotoDefinition.Name)]
public sealed class BeyondRetryBudgetTests
{
    /// <summary>The per-user checks of the sample table: an unreadable report leaves each with one NOT_AVAILABLE stand-in.</summary>
    private static readonly IReadOnlyList<string> CredentialReportChecks = UserReportChecks.Where(SampleTableChecks.Contains).ToList();

    private readonly MotoServer _moto;

    public BeyondRetryBudgetTests(MotoServer moto) => _moto = moto;

    [Fact]
    public async Task GuardDuty_failing_in_one_region_makes_that_region_NOT_AVAILABLE_keeps_its_finding_and_archives_nothing()
    {
        await ResetAndSeedAsync(_moto);
        await using var proxy = FaultProxy.Start(_moto.Endpoint);
        _ = (await RunAsync(_moto, proxy)).Response;
        var before = await AllFindingsAsync(_moto);
        proxy.ResetCounts();
        proxy.Add(new FaultRule("guardduty:*", Fault.Throttle) { Region = "eu-west-1" });

        var run = await RunAsync(_moto, proxy);

        var response = run.Response;
        var after = await AllFindingsAsync(_moto);
        AssertEachOnce(after);
        Assert.DoesNotContain(after, f => f.State == "ARCHIVED");
        Assert.Equal(ExpectedSampleTable((check, _) => check == "eu-west-1 guardduty.enabled" ? "NOT_AVAILABLE" : null), CoveredTable(after));
        var eu = after.Single(f => f.Region == "eu-west-1" && f.Check == "guardduty.enabled");
        var reason = eu.Json["Compliance"]!["StatusReasons"]![0]!;
        Assert.Equal("TooManyRequestsException", reason["ReasonCode"]!.GetValue<string>());
        Assert.Contains("ListDetectors", reason["Description"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.Equal(before.Single(f => f.Region == "eu-west-1" && f.Check == "guardduty.enabled").FindingId, eu.FindingId);
        Assert.Equal(before.Single(f => f.Region == "eu-west-1" && f.Check == "guardduty.enabled").Field("CreatedAt"), eu.Field("CreatedAt"));

        Assert.Equal(AttemptsPerCall, proxy.CallsTo("guardduty:ListDetectors", "eu-west-1"));
        Assert.Equal(0, proxy.CallsTo("guardduty:GetDetector", "eu-west-1"));
        Assert.Equal(1, Count(response, "retriesExhausted", "guardduty:ListDetectors"));
        Assert.Equal(AttemptsPerCall - 1, Count(response, "retriesByOperation", "guardduty:ListDetectors"));
        Assert.Contains(response["notEvaluated"]!.AsArray(), s => s!["region"]!.GetValue<string>() == "eu-west-1" && s["check"]!.GetValue<string>() == "guardduty.enabled");
        Assert.Equal(0, response["archived"]!.GetValue<int>());
        Assert.Contains("scope not evaluated", run.Log, StringComparison.Ordinal);
        Assert.Contains("\"retriesExhausted\":{\"guardduty:ListDetectors\":1}", run.Log, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_credential_report_that_cannot_be_read_makes_the_IAM_checks_NOT_AVAILABLE_and_archives_no_IAM_finding_until_it_is_read_again()
    {
        await ResetAndSeedAsync(_moto);
        await using var proxy = FaultProxy.Start(_moto.Endpoint);
        _ = (await RunAsync(_moto, proxy)).Response;
        var before = await AllFindingsAsync(_moto);
        proxy.Add(new FaultRule("iam:GetCredentialReport", Fault.InternalError));

        var response = (await RunAsync(_moto, proxy)).Response;

        var after = await AllFindingsAsync(_moto);
        AssertEachOnce(after);
        Assert.DoesNotContain(after, f => f.State == "ARCHIVED");
        var expected = ExpectedSampleTable()
            .Concat(CredentialReportChecks.Select(c => Line("us-east-1", c, "account", "NOT_AVAILABLE")))
            .Order(StringComparer.Ordinal);
        Assert.Equal(expected, CoveredTable(after));

        // Every per-user finding is exactly as the clean run left it: not updated, not archived.
        // The users' findings of the report's checks; iam.user-direct-policies reads the authorization details instead.
        AssertUnchanged(before, after, f => f.Resource.StartsWith(UserArnPrefix, StringComparison.Ordinal) && UserReportChecks.Contains(f.Check));
        Assert.All(after.Where(f => f.Resource == AccountResource && CredentialReportChecks.Contains(f.Check)), f =>
            Assert.Equal("InternalFailure", f.Json["Compliance"]!["StatusReasons"]![0]!["ReasonCode"]!.GetValue<string>()));
        Assert.Equal(
            ReportOnlyChecks.Order(StringComparer.Ordinal),
            // accessanalyzer.enabled is never evaluated on moto, which does not serve IAM Access Analyzer.
            response["notEvaluated"]!.AsArray().Select(s => s!["check"]!.GetValue<string>()).Where(c => c != "accessanalyzer.enabled").Order(StringComparer.Ordinal));
        Assert.Equal(1, Count(response, "retriesExhausted", "iam:GetCredentialReport"));
        Assert.Equal(0, response["archived"]!.GetValue<int>());

        // The next run reads the report again: everything as in a clean run, and the stand-ins are archived.
        proxy.ClearRules();
        var recovered = (await RunAsync(_moto, proxy)).Response;
        var last = await AllFindingsAsync(_moto);
        AssertEachOnce(last);
        Assert.Equal(ExpectedSampleTable(), CoveredTable(last));
        Assert.Equal(
            UserReportChecks.Select(c => Line("us-east-1", c, "account", "NOT_AVAILABLE")).Order(StringComparer.Ordinal),
            last.Where(f => f.State == "ARCHIVED").Select(f => f.Line).Order(StringComparer.Ordinal));
        Assert.Equal(UserReportChecks.Count, recovered["archived"]!.GetValue<int>());
    }

    [Fact]
    public async Task BatchImportFindings_failing_in_a_region_is_ImportFailed_listing_every_finding_and_that_region_is_left_as_it_was()
    {
        await ResetAndSeedAsync(_moto);
        await using var proxy = FaultProxy.Start(_moto.Endpoint);
        _ = (await RunAsync(_moto, proxy)).Response;
        var before = await AllFindingsAsync(_moto);
        await _moto.CallAsync("iam", "enable_virtual_mfa", new JsonObject { ["UserName"] = "console-no-mfa" });
        await _moto.CallAsync("iam", "delete_user_fully", new JsonObject { ["UserName"] = "stale-key" });
        var produced = (await PlannedFindingsAsync(_moto)).Count(f => f.Region == "us-east-1");
        var toArchive = before.Count(f => f.Resource == UserArnPrefix + "stale-key");
        proxy.ResetCounts();
        proxy.Add(new FaultRule("securityhub:BatchImportFindings", Fault.ServiceUnavailable) { Region = "us-east-1" });

        var run = await RunAsync(_moto, proxy);

        Assert.Equal("ImportFailed", run.Error.ErrorType);
        var summary = Summary(run);
        var failures = summary["importFailures"]!.AsArray().Select(f => f!.AsObject()).ToList();

        // Every finding produced in us-east-1 and each of the deleted user's to archive: each one named, none dropped.
        Assert.Equal(produced + toArchive, failures.Count);
        Assert.Equal(produced + toArchive, failures.Select(f => f["Id"]!.GetValue<string>()).Distinct().Count());
        Assert.All(failures, f =>
        {
            Assert.Equal("us-east-1", f["Region"]!.GetValue<string>());
            Assert.Equal("ServiceUnavailableException", f["ErrorCode"]!.GetValue<string>());
        });
        Assert.Equal(toArchive, failures.Count(f => f["Id"]!.GetValue<string>().Contains("stale-key", StringComparison.Ordinal)));
        Assert.True(toArchive > 0, "the deleted user had findings to archive");
        Assert.Equal(AttemptsPerCall, proxy.CallsTo("securityhub:BatchImportFindings", "us-east-1"));

        var after = await AllFindingsAsync(_moto);
        AssertUnchanged(before, after, f => f.Region == "us-east-1");
        Assert.DoesNotContain(after, f => f.State == "ARCHIVED");
        Assert.Equal("FAILED", after.Single(f => f.Check == "iam.user-mfa" && f.Resource == UserArnPrefix + "console-no-mfa").ComplianceStatus);
        Assert.True(
            string.CompareOrdinal(after.Single(f => f.Region == "eu-west-1" && f.Check == "guardduty.enabled").Field("UpdatedAt"), before.Single(f => f.Region == "eu-west-1" && f.Check == "guardduty.enabled").Field("UpdatedAt")) > 0,
            "eu-west-1 was imported");
        Assert.Contains("ImportFailed", run.Log, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Stored_findings_that_cannot_be_read_stop_every_import_and_archive_in_that_region_and_are_reported()
    {
        await ResetAndSeedAsync(_moto);
        await using var proxy = FaultProxy.Start(_moto.Endpoint);
        _ = (await RunAsync(_moto, proxy)).Response;
        var before = await AllFindingsAsync(_moto);
        await _moto.CallAsync("iam", "delete_user_fully", new JsonObject { ["UserName"] = "two-keys" });
        var produced = (await PlannedFindingsAsync(_moto)).Count(f => f.Region == "us-east-1");
        proxy.ResetCounts();
        proxy.Add(new FaultRule("securityhub:GetFindings", Fault.Throttle) { Region = "us-east-1" });

        var run = await RunAsync(_moto, proxy);

        Assert.Equal("ImportFailed", run.Error.ErrorType);
        var failures = Summary(run)["importFailures"]!.AsArray().Select(f => f!.AsObject()).ToList();
        Assert.Equal(produced, failures.Count);
        Assert.All(failures, f =>
        {
            Assert.Equal("LimitExceededException", f["ErrorCode"]!.GetValue<string>());
            Assert.Contains("could not be read, so nothing was imported or archived there", f["ErrorMessage"]!.GetValue<string>(), StringComparison.Ordinal);
        });
        Assert.Equal(0, proxy.CallsTo("securityhub:BatchImportFindings", "us-east-1"));
        var after = await AllFindingsAsync(_moto);
        AssertUnchanged(before, after, f => f.Region == "us-east-1");
        Assert.DoesNotContain(after, f => f.State == "ARCHIVED");
    }

    [Theory]
    [InlineData("sts:GetCallerIdentity", Fault.Throttle, "Aws.Throttling")]
    [InlineData("sts:GetCallerIdentity", Fault.ConnectionReset, "Aws.ConnectionFailed")]
    [InlineData("ec2:DescribeRegions", Fault.Throttle, "Aws.RequestLimitExceeded")]
    [InlineData("ec2:DescribeRegions", Fault.TruncatedBody, "Aws.IncompleteResponse")]
    [InlineData("securityhub:DescribeHub", Fault.ServiceUnavailable, "Aws.ServiceUnavailableException")]
    public async Task A_call_every_audit_needs_failing_beyond_its_retries_is_an_error_naming_it_and_nothing_is_written(string operation, Fault fault, string errorType)
    {
        await ResetAndSeedAsync(_moto);
        await using var proxy = FaultProxy.Start(_moto.Endpoint).Add(new FaultRule(operation, fault));

        var run = await RunAsync(_moto, proxy);

        Assert.Equal(errorType, run.Error.ErrorType);
        Assert.Contains(operation.Split(':')[1], run.Error.ErrorMessage, StringComparison.Ordinal);
        Assert.Empty(await AllFindingsAsync(_moto));
        Assert.Equal(0, proxy.CallsTo("securityhub:BatchImportFindings"));
        var regions = operation == "securityhub:DescribeHub" ? 2 : 1;
        Assert.InRange(proxy.CallsTo(operation), AttemptsPerCall, regions * AttemptsPerCall);
    }

    [Fact]
    public async Task Access_denied_is_never_retried_and_makes_only_its_scope_NOT_AVAILABLE_with_the_reason()
    {
        await ResetAndSeedAsync(_moto);
        await using var proxy = FaultProxy.Start(_moto.Endpoint)
            .Add(new FaultRule("guardduty:ListDetectors", Fault.AccessDenied) { Region = "eu-west-1" })
            .Add(new FaultRule("shield:*", Fault.AccessDenied));

        var response = (await RunAsync(_moto, proxy)).Response;

        var findings = await AllFindingsAsync(_moto);
        AssertEachOnce(findings);
        Assert.Equal(
            ExpectedSampleTable((check, _) => check is "eu-west-1 guardduty.enabled" or "us-east-1 shield.advanced" ? "NOT_AVAILABLE" : null),
            CoveredTable(findings));
        Assert.Equal("AccessDeniedException", findings.Single(f => f.Region == "eu-west-1" && f.Check == "guardduty.enabled").Json["Compliance"]!["StatusReasons"]![0]!["ReasonCode"]!.GetValue<string>());
        Assert.Equal("AccessDeniedException", findings.Single(f => f.Check == "shield.advanced").Json["Compliance"]!["StatusReasons"]![0]!["ReasonCode"]!.GetValue<string>());
        Assert.Equal(1, proxy.CallsTo("guardduty:ListDetectors", "eu-west-1"));
        Assert.Equal(1, proxy.CallsTo("shield:GetSubscriptionState"));
        Assert.Empty(response["retries"]!.AsObject());
        Assert.Empty(response["retriesExhausted"]!.AsObject());
    }
}
