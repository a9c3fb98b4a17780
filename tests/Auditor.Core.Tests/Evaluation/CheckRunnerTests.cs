using Auditor.Core.Checks;
using Auditor.Core.CredentialReports;
using Auditor.Core.Evaluation;
using Auditor.Core.Evidence;
using Auditor.Core.Findings;
using Auditor.Core.Model;
using Auditor.Core.Tests.Support;
using Auditor.Testing;
using static Auditor.Core.Tests.Support.Snapshots;

namespace Auditor.Core.Tests.Evaluation;

public sealed class CheckRunnerTests
{
    private static IEnumerable<string> IdsOf(CheckScope scope) =>
        CheckCatalog.All.Where(c => c.Metadata.Scope == scope).Select(c => c.Metadata.Id);

    [Fact]
    public void Full_run_evaluates_every_global_scope_and_every_region_of_the_regional_checks()
    {
        var evaluation = CheckRunner.Evaluate(Complete(), CheckCatalog.All, AuditSettings.Default, TestClock.Now);

        var expected = IdsOf(CheckScope.Global).Select(id => new FindingScope(AccountId, FindingScope.Global, id))
            .Concat(IdsOf(CheckScope.Regional).SelectMany(id => Regions.Select(r => new FindingScope(AccountId, r, id))));
        Assert.Equal(expected.ToHashSet(), evaluation.EvaluatedScopes);
        Assert.Empty(evaluation.UnavailableScopes);
    }

    [Fact]
    public void Results_of_every_check_are_returned()
    {
        var evaluation = CheckRunner.Evaluate(Complete(), CheckCatalog.All, AuditSettings.Default, TestClock.Now);
        var regional = IdsOf(CheckScope.Regional).ToHashSet();

        Assert.Equal(CheckCatalog.Ids.Order(StringComparer.Ordinal), evaluation.Results.Select(r => r.CheckId).Distinct().Order(StringComparer.Ordinal));
        Assert.All(regional, id => Assert.Equal(Regions.Order(), evaluation.Results.Where(r => r.CheckId == id).Select(r => r.Region!).Order()));
        Assert.All(evaluation.Results.Where(r => !regional.Contains(r.CheckId)), r => Assert.Null(r.Region));
    }

    [Fact]
    public void Selected_checks_evaluate_only_their_scopes()
    {
        var evaluation = CheckRunner.Evaluate(Complete(), CheckCatalog.Select(["root.mfa", "guardduty.enabled"]), AuditSettings.Default, TestClock.Now);

        Assert.Equal(1 + Regions.Count, evaluation.EvaluatedScopes.Count);
        Assert.Contains(new FindingScope(AccountId, FindingScope.Global, "root.mfa"), evaluation.EvaluatedScopes);
        Assert.DoesNotContain(evaluation.EvaluatedScopes, s => s.CheckId == "iam.user-mfa");
        Assert.All(evaluation.Results, r => Assert.True(r.CheckId is "root.mfa" or "guardduty.enabled", r.CheckId));
    }

    [Fact]
    public void Unreadable_credential_report_makes_its_scopes_unavailable_not_evaluated()
    {
        var snapshot = Complete().WithCredentialReport(Gathered<CredentialReport>.Failed("ReportInProgress", "the credential report was not ready after 5 attempts"));

        var evaluation = CheckRunner.Evaluate(snapshot, CheckCatalog.All, AuditSettings.Default, TestClock.Now);

        // The checks that read the report and have no live source of the same facts (the root MFA and key checks have the summary).
        var reportOnly = CheckCatalog.All
            .Where(c => CheckRunner.ReadsCredentialReport(c.Metadata) && !c.Metadata.Reads.Contains(EvidenceKinds.AccountSummary))
            .Select(c => c.Metadata.Id)
            .ToList();
        Assert.Contains("iam.user-mfa", reportOnly);
        foreach (var id in reportOnly)
        {
            var scope = new FindingScope(AccountId, FindingScope.Global, id);
            Assert.DoesNotContain(scope, evaluation.EvaluatedScopes);
            Assert.Contains("not ready after 5 attempts", evaluation.UnavailableScopes[scope], StringComparison.Ordinal);
        }

        // The root MFA and key checks still answer from the account summary; Shield and GuardDuty are unaffected.
        Assert.Contains(new FindingScope(AccountId, FindingScope.Global, "root.mfa"), evaluation.EvaluatedScopes);
        Assert.Contains(new FindingScope(AccountId, FindingScope.Global, "shield.advanced"), evaluation.EvaluatedScopes);
        Assert.Equal(reportOnly.Count, evaluation.UnavailableScopes.Count);
    }

    [Fact]
    public void One_unreadable_region_is_unavailable_and_the_other_regions_are_evaluated()
    {
        var snapshot = Complete();
        snapshot = snapshot.WithGuardDuty(snapshot.GuardDuty
                .Select(g => g.Region == "eu-west-1" ? g with { Value = AccessDenied<IReadOnlyList<GuardDutyDetector>>("guardduty:ListDetectors") } : g)
                .ToList());

        var evaluation = CheckRunner.Evaluate(snapshot, CheckCatalog.All, AuditSettings.Default, TestClock.Now);

        var failed = new FindingScope(AccountId, "eu-west-1", "guardduty.enabled");
        Assert.DoesNotContain(failed, evaluation.EvaluatedScopes);
        Assert.Equal([failed], evaluation.UnavailableScopes.Keys);
        Assert.Contains("guardduty:ListDetectors", evaluation.UnavailableScopes[failed], StringComparison.Ordinal);
        Assert.Contains(new FindingScope(AccountId, "us-east-1", "guardduty.enabled"), evaluation.EvaluatedScopes);
        Assert.Contains(new FindingScope(AccountId, "ap-southeast-2", "guardduty.enabled"), evaluation.EvaluatedScopes);
    }

    [Fact]
    public void Not_available_result_is_still_returned_for_reporting()
    {
        var snapshot = Complete().WithShield(AccessDenied<ShieldSubscription>("shield:DescribeSubscription"));

        var evaluation = CheckRunner.Evaluate(snapshot, CheckCatalog.All, AuditSettings.Default, TestClock.Now);

        var result = Assert.Single(evaluation.Results, r => r.CheckId == "shield.advanced");
        Assert.Equal(ComplianceStatus.NotAvailable, result.Status);
    }

    [Fact]
    public void Report_based_results_cite_the_credential_report_and_its_generation_time()
    {
        var evaluation = CheckRunner.Evaluate(Complete(), CheckCatalog.All, AuditSettings.Default, TestClock.Now);

        var reportChecks = CheckCatalog.All.Where(c => CheckRunner.ReadsCredentialReport(c.Metadata) && !c.Metadata.Reads.Contains(EvidenceKinds.AccountSummary)).Select(c => c.Metadata.Id).ToHashSet();
        Assert.Contains("root.activity", reportChecks);
        Assert.All(evaluation.Results.Where(r => reportChecks.Contains(r.CheckId)), r =>
        {
            Assert.Equal(EvidenceFields.CredentialReportSource, r.Evidence[EvidenceFields.Source]);
            Assert.Equal("2026-11-24T23:00:00.000Z", r.Evidence[EvidenceFields.Time]);
        });
    }

    [Fact]
    public void Live_api_results_cite_the_collection_time()
    {
        var evaluation = CheckRunner.Evaluate(Complete(), CheckCatalog.All, AuditSettings.Default, TestClock.Now);

        Assert.All(evaluation.Results.Where(r => r.CheckId is "guardduty.enabled" or "shield.advanced"), r =>
        {
            Assert.Equal(EvidenceFields.LiveSource, r.Evidence[EvidenceFields.Source]);
            Assert.Equal("2026-11-24T23:58:00.000Z", r.Evidence[EvidenceFields.Time]);
        });
    }

    [Fact]
    public void Evidence_source_is_added_beside_the_checks_own_evidence()
    {
        var evaluation = CheckRunner.Evaluate(Complete(), CheckCatalog.Select(["iam.user-mfa"]), AuditSettings.Default, TestClock.Now);

        var bob = evaluation.Results.ForUser("bob");
        Assert.Equal("false", bob.Evidence["auditor/MfaActive"]);
        Assert.True(bob.Evidence.ContainsKey(EvidenceFields.Source));
    }

    [Fact]
    public void Check_that_produces_no_result_still_evaluated_its_scope()
    {
        // No console users: iam.user-mfa has nothing to report, and its scope counts as evaluated so stale findings archive.
        var snapshot = WithReport(new CredentialReportBuilder().User("ci", u => u.WithKey1(10, 1)));

        var evaluation = CheckRunner.Evaluate(snapshot, CheckCatalog.Select(["iam.user-mfa"]), AuditSettings.Default, TestClock.Now);

        Assert.Empty(evaluation.Results);
        Assert.Equal([new FindingScope(AccountId, FindingScope.Global, "iam.user-mfa")], evaluation.EvaluatedScopes);
    }

    [Fact]
    public void Evidence_source_and_time_follow_the_checks_own_fields_in_order()
    {
        var evaluation = CheckRunner.Evaluate(Complete(), CheckCatalog.Select(["iam.user-mfa"]), AuditSettings.Default, TestClock.Now);

        Assert.Equal(
            ["auditor/PasswordEnabled", "auditor/MfaActive", "auditor/PasswordLastUsed", EvidenceFields.Source, EvidenceFields.Time],
            evaluation.Results.ForUser("bob").Evidence.Select(e => e.Key));
    }

    [Fact]
    public void Result_given_another_origin_after_it_was_built_cites_that_origin()
    {
        var built = new EvidenceOrigin(EvidenceFields.CredentialReportSource, TestClock.Now.AddHours(-5));
        var later = new EvidenceOrigin(EvidenceFields.CloudTrailSource, TestClock.Now);
        var check = new FixedCheck(metadata => CheckResults.Result(metadata, ComplianceStatus.Passed, new AsffResource { Type = "AwsAccount", Id = "a" }, "d", evidence: new EvidenceMap { ["auditor/A"] = "1" }, origin: built) with { Origin = later });

        var result = Assert.Single(CheckRunner.Evaluate(Complete(), [check], AuditSettings.Default, TestClock.Now).Results);

        Assert.Equal(later, result.Origin);
        Assert.Equal(
            [new("auditor/A", "1"), new(EvidenceFields.Source, EvidenceFields.CloudTrailSource), new KeyValuePair<string, string>(EvidenceFields.Time, AsffTimestampConverter.ToAsff(TestClock.Now))],
            result.Evidence.ToList());
    }

    [Fact]
    public void Source_and_time_a_check_writes_itself_are_kept()
    {
        var check = new FixedCheck(metadata => CheckResults.Result(metadata, ComplianceStatus.Passed, new AsffResource { Type = "AwsAccount", Id = "a" }, "d", evidence: new Dictionary<string, string> { [EvidenceFields.Time] = "mine", ["auditor/A"] = "1" }));

        var result = Assert.Single(CheckRunner.Evaluate(Complete(), [check], AuditSettings.Default, TestClock.Now).Results);

        Assert.Equal(
            [new(EvidenceFields.Time, "mine"), new("auditor/A", "1"), new KeyValuePair<string, string>(EvidenceFields.Source, EvidenceFields.LiveSource)],
            result.Evidence.ToList());
    }

    /// <summary>A check that returns one result made by <c>make</c>.</summary>
    private sealed class FixedCheck(Func<CheckMetadata, CheckResult> make) : ICheck
    {
        public CheckMetadata Metadata { get; } = CheckCatalog.Find("shield.advanced")!.Metadata;

        public IEnumerable<CheckResult> Evaluate(AccountSnapshot snapshot, AuditSettings settings, DateTimeOffset now) => [make(Metadata)];
    }
}
