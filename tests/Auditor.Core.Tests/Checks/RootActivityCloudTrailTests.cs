using Auditor.Core.Checks;
using Auditor.Core.CredentialReports;
using Auditor.Core.Evidence;
using Auditor.Core.Findings;
using Auditor.Core.Model;
using Auditor.Core.Tests.Support;
using Auditor.Testing;
using static Auditor.Core.Tests.Support.CloudTrailRecords;
using static Auditor.Core.Tests.Support.Snapshots;

namespace Auditor.Core.Tests.Checks;

/// <summary>root.activity with CloudTrail evidence beside the credential report (the report-only cases are in RootActivityCheckTests).</summary>
public sealed class RootActivityCloudTrailTests
{
    private readonly RootActivityCheck _check = new();

    [Fact]
    public void Root_actions_in_cloudtrail_fail_the_check_even_when_the_report_shows_no_recent_use()
    {
        var snapshot = WithReport(Fixture.RealReport).WithRootCloudTrailEvents([
                Answered("us-east-1", Read(ConsoleLogin("Success", "No", TestClock.DaysAgo(2), "e1"))),
                Answered("eu-west-1", Read(ApiCall("StopInstances", "ec2", false, TestClock.DaysAgo(1), "e2", "eu-west-1"))),
            ]);

        var result = Assert.Single(Run(_check, snapshot));

        Assert.Equal(ComplianceStatus.Failed, result.Status);
        Assert.Equal(Severity.High, result.Severity);
        Assert.Equal("2", result.Evidence["auditor/RootCloudTrailEventCount"]);
        Assert.Equal("us-east-1, eu-west-1", result.Evidence["auditor/RootCloudTrailRegions"]);
        Assert.StartsWith("StopInstances at 2026-11-24T00:00:00.000Z in eu-west-1 from 203.0.113.7 (aws-cli/2.22.0", result.Evidence["auditor/RootAction1"], StringComparison.Ordinal);
        Assert.StartsWith("ConsoleLogin at 2026-11-23T00:00:00.000Z in us-east-1 from 203.0.113.7 (Mozilla/5.0", result.Evidence["auditor/RootAction2"], StringComparison.Ordinal);
        Assert.Contains("CloudTrail shows 2 root action(s) in the last 7 days, the latest StopInstances", result.Description, StringComparison.Ordinal);
        Assert.DoesNotContain("auditor/RootCloudTrailMissing", result.Evidence.Keys);
    }

    [Fact]
    public void No_root_actions_in_cloudtrail_and_none_in_the_report_passes()
    {
        var snapshot = WithReport(Fixture.RealReport).WithRootCloudTrailEvents([Answered("us-east-1"), Answered("eu-west-1")]);

        var result = Assert.Single(Run(_check, snapshot));

        Assert.Equal(ComplianceStatus.Passed, result.Status);
        Assert.Equal("0", result.Evidence["auditor/RootCloudTrailEventCount"]);
        Assert.Contains("CloudTrail shows no root action in 2 region(s)", result.Description, StringComparison.Ordinal);
        Assert.DoesNotContain(result.Evidence.Keys, k => k.StartsWith("auditor/RootAction", StringComparison.Ordinal));
    }

    [Fact]
    public void Events_older_than_the_lookback_do_not_count()
    {
        var snapshot = WithReport(Fixture.RealReport).WithRootCloudTrailEvents([Answered("us-east-1", Read(ConsoleLogin("Success", "Yes", TestClock.DaysAgo(8))))]);

        Assert.Equal(ComplianceStatus.Passed, Assert.Single(Run(_check, snapshot)).Status);
        Assert.Equal(ComplianceStatus.Failed, Assert.Single(Run(_check, snapshot, new AuditSettings { RootActivityLookbackDays = 10 })).Status);
    }

    [Fact]
    public void Denied_lookup_is_named_with_its_reason_and_the_report_still_answers()
    {
        var snapshot = WithReport(Fixture.RealReport).WithRootCloudTrailEvents([
                Answered("us-east-1"),
                new RegionalEvidence<RootEventLookup>("eu-west-1", Gathered<RootEventLookup>.Failed("AccessDeniedException", "cloudtrail LookupEvents answered AccessDeniedException: not authorized to perform cloudtrail:LookupEvents")),
            ]);

        var result = Assert.Single(Run(_check, snapshot));

        Assert.Equal(ComplianceStatus.Passed, result.Status);
        Assert.Equal("us-east-1", result.Evidence["auditor/RootCloudTrailRegions"]);
        Assert.Equal("eu-west-1 (AccessDeniedException: cloudtrail LookupEvents answered AccessDeniedException: not authorized to perform cloudtrail:LookupEvents)", result.Evidence["auditor/RootCloudTrailMissing"]);
        Assert.Contains("CloudTrail evidence is missing for eu-west-1 (AccessDeniedException", result.Description, StringComparison.Ordinal);
    }

    [Fact]
    public void Cloudtrail_that_answered_nowhere_leaves_the_report_as_the_only_evidence()
    {
        var unavailable = Gathered<RootEventLookup>.Failed("ServiceUnavailable", "cloudtrail LookupEvents answered ServiceUnavailable: HTTP 500");
        var snapshot = WithReport(Fixture.RootUsedRecently).WithRootCloudTrailEvents([new RegionalEvidence<RootEventLookup>("us-east-1", unavailable), new RegionalEvidence<RootEventLookup>("eu-west-1", unavailable)]);

        var result = Assert.Single(Run(_check, snapshot));

        Assert.Equal(ComplianceStatus.Failed, result.Status);
        Assert.Equal("unknown", result.Evidence["auditor/RootCloudTrailEventCount"]);
        Assert.Equal("none", result.Evidence["auditor/RootCloudTrailRegions"]);
        Assert.StartsWith("us-east-1 (ServiceUnavailable", result.Evidence["auditor/RootCloudTrailMissing"], StringComparison.Ordinal);
        Assert.Contains("password last used", result.Description, StringComparison.Ordinal);
        Assert.Contains("CloudTrail evidence is missing for us-east-1", result.Description, StringComparison.Ordinal);
    }

    [Fact]
    public void Cloudtrail_not_collected_is_said_so()
    {
        var result = Assert.Single(Run(_check, WithReport(Fixture.RealReport)));

        Assert.Equal("every region: not collected by this run", result.Evidence["auditor/RootCloudTrailMissing"]);
    }

    [Fact]
    public void Without_the_root_row_cloudtrail_alone_shows_use()
    {
        var snapshot = WithReport(Fixture.MotoReport).WithRootCloudTrailEvents([Answered("us-east-1", Read(ConsoleLogin("Failure", "No", TestClock.DaysAgo(0.5))))]);

        var result = Assert.Single(Run(_check, snapshot));

        Assert.Equal(ComplianceStatus.Failed, result.Status);
        Assert.Equal(EvidenceFields.CloudTrailSource, result.Origin?.Source);
        Assert.Contains("the credential report has no <root_account> row", result.Description, StringComparison.Ordinal);
        Assert.Contains(", failed", result.Evidence["auditor/RootAction1"], StringComparison.Ordinal);
    }

    [Fact]
    public void Without_the_report_cloudtrail_alone_shows_use()
    {
        var snapshot = Empty().WithCredentialReport(AccessDenied<CredentialReport>("iam:GetCredentialReport")).WithRootCloudTrailEvents([Answered("us-east-1", Read(ConsoleLogin("Success", "Yes", TestClock.DaysAgo(1))))]);

        var result = Assert.Single(Run(_check, snapshot));

        Assert.Equal(ComplianceStatus.Failed, result.Status);
        Assert.Contains("iam:GetCredentialReport", result.Description, StringComparison.Ordinal);
    }

    [Fact]
    public void Without_the_root_row_no_cloudtrail_events_cannot_prove_no_use()
    {
        var snapshot = WithReport(Fixture.MotoReport).WithRootCloudTrailEvents([Answered("us-east-1")]);

        var result = Assert.Single(Run(_check, snapshot));

        Assert.Equal(ComplianceStatus.NotAvailable, result.Status);
        Assert.Equal("NoRootRow", result.StatusReason?.ReasonCode);
        Assert.Contains("CloudTrail shows no root action in 1 region(s)", result.Description, StringComparison.Ordinal);
        Assert.Equal("0", result.Evidence["auditor/RootCloudTrailEventCount"]);
    }

    [Fact]
    public void Names_at_most_ten_actions_newest_first_and_counts_them_all()
    {
        var events = Enumerable.Range(0, 25)
            .Select(i => Read(ApiCall($"Call{i}", "ec2", false, TestClock.Now.AddHours(-i - 1), $"event-{i}")))
            .ToArray();
        var snapshot = WithReport(Fixture.RealReport).WithRootCloudTrailEvents([Answered("us-east-1", events)]);

        var result = Assert.Single(Run(_check, snapshot));

        Assert.Equal("25", result.Evidence["auditor/RootCloudTrailEventCount"]);
        Assert.Equal(RootActivityCheck.MaxRecentActions, result.Evidence.Keys.Count(k => k.StartsWith("auditor/RootAction", StringComparison.Ordinal)));
        Assert.StartsWith("Call0 ", result.Evidence["auditor/RootAction1"], StringComparison.Ordinal);
        Assert.StartsWith("Call9 ", result.Evidence["auditor/RootAction10"], StringComparison.Ordinal);
    }

    [Fact]
    public void Truncated_lookup_counts_at_least()
    {
        var snapshot = WithReport(Fixture.RealReport).WithRootCloudTrailEvents([new RegionalEvidence<RootEventLookup>("us-east-1", Gathered<RootEventLookup>.Ok(new RootEventLookup([Read(ApiCall("A", "s3", null, TestClock.DaysAgo(1)))], true)))]);

        Assert.Equal("at least 1", Assert.Single(Run(_check, snapshot)).Evidence["auditor/RootCloudTrailEventCount"]);
    }

    [Fact]
    public void The_same_event_seen_in_two_regions_counts_once()
    {
        var login = Read(ConsoleLogin("Success", "Yes", TestClock.DaysAgo(1)));
        var snapshot = WithReport(Fixture.RealReport).WithRootCloudTrailEvents([Answered("us-east-1", login), Answered("eu-west-1", login)]);

        Assert.Equal("1", Assert.Single(Run(_check, snapshot)).Evidence["auditor/RootCloudTrailEventCount"]);
    }

    [Fact]
    public void Finding_fits_security_hub_limits_with_long_user_agents_and_many_missing_regions()
    {
        var longAgent = new string('x', 5000);
        var events = Enumerable.Range(0, 30).Select(i => Read(ApiCall($"Call{i}", "ec2", false, TestClock.Now.AddHours(-i - 1), $"event-{i}")) with { UserAgent = longAgent }).ToArray();
        var missing = Enumerable.Range(0, 20).Select(i => new RegionalEvidence<RootEventLookup>($"xx-region-{i}", Gathered<RootEventLookup>.Failed("AccessDeniedException", new string('y', 300))));
        var snapshot = WithReport(Fixture.RootUsedRecently).WithRootCloudTrailEvents([Answered("us-east-1", events), .. missing]);

        var result = Assert.Single(Run(_check, snapshot));
        var finding = FindingFactory.Create(result, _check.Metadata, AccountId, "aws", "us-east-1", TestClock.Now);

        Assert.InRange(finding.Description.Length, 1, FindingFactory.MaxDescription);
        Assert.InRange(finding.ProductFields!.Count, 1, FindingFactory.MaxProductFields);
        Assert.All(finding.ProductFields, p => Assert.InRange(p.Value.Length, 0, FindingFactory.MaxProductFieldValue));
        Assert.Contains("auditor/RootAction10", finding.ProductFields.Keys);
    }

    private static RegionalEvidence<RootEventLookup> Answered(string region, params RootEventRecord[] events) =>
        new(region, Gathered<RootEventLookup>.Ok(new RootEventLookup(events, false)));
}
