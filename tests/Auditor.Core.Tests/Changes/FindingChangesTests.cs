using Auditor.Core.Changes;
using Auditor.Core.Evaluation;
using Auditor.Core.Findings;
using Auditor.Core.Model;
using Auditor.Core.Tests.Support;
using static Auditor.Core.Tests.Support.TestFindings;

namespace Auditor.Core.Tests.Changes;

public sealed class FindingChangesTests
{
    private static readonly FindingScope UserMfa = new(Snapshots.AccountId, FindingScope.Global, "iam.user-mfa");

    [Fact]
    public void A_failure_seen_for_the_first_time_is_new()
    {
        var changes = Classify(produced: [ForUser("iam.user-mfa", "bob", ComplianceStatus.Failed), ForUser("iam.user-mfa", "ann", ComplianceStatus.Passed)], stored: []);

        Assert.Equal([ForUser("iam.user-mfa", "bob", ComplianceStatus.Failed).Id], changes.New.Ids);
        Assert.Equal((0, 0, 0), (changes.Regressed.Count, changes.Fixed.Count, changes.Archived.Count));
    }

    [Fact]
    public void A_failure_that_passed_last_run_is_a_regression_and_not_new()
    {
        var before = Stored(ForUser("iam.user-mfa", "bob", ComplianceStatus.Passed));
        var now = ForUser("iam.user-mfa", "bob", ComplianceStatus.Failed);

        var changes = Classify(produced: [now], stored: [before]);

        Assert.Equal([now.Id], changes.Regressed.Ids);
        Assert.Equal(0, changes.New.Count);
    }

    [Fact]
    public void A_warning_that_passed_last_run_is_a_regression()
    {
        var changes = Classify(produced: [ForUser("iam.user-mfa", "bob", ComplianceStatus.Warning)], stored: [Stored(ForUser("iam.user-mfa", "bob", ComplianceStatus.Passed))]);

        Assert.Equal(1, changes.Regressed.Count);
    }

    [Fact]
    public void A_pass_that_failed_last_run_is_fixed()
    {
        var now = ForUser("iam.user-mfa", "bob", ComplianceStatus.Passed);

        var changes = Classify(produced: [now], stored: [Stored(ForUser("iam.user-mfa", "bob", ComplianceStatus.Failed))]);

        Assert.Equal([now.Id], changes.Fixed.Ids);
        Assert.Equal((0, 0), (changes.New.Count, changes.Regressed.Count));
    }

    [Fact]
    public void A_failure_that_failed_last_run_too_is_no_change()
    {
        var changes = Classify(produced: [ForUser("iam.user-mfa", "bob", ComplianceStatus.Failed)], stored: [Stored(ForUser("iam.user-mfa", "bob", ComplianceStatus.Failed))]);

        Assert.Equal((0, 0, 0, 0), (changes.New.Count, changes.Regressed.Count, changes.Fixed.Count, changes.Archived.Count));
    }

    [Fact]
    public void A_failure_back_after_being_archived_is_new()
    {
        var now = ForUser("iam.user-mfa", "bob", ComplianceStatus.Failed);

        var changes = Classify(produced: [now], stored: [Stored(now, RecordStates.Archived)]);

        Assert.Equal([now.Id], changes.New.Ids);
    }

    [Fact]
    public void A_finding_no_longer_produced_by_an_evaluated_scope_is_archived()
    {
        var gone = Stored(ForUser("iam.user-mfa", "deleted-user", ComplianceStatus.Failed));

        var changes = Classify(produced: [], stored: [gone]);

        Assert.Equal([gone.Id], changes.Archived.Ids);
    }

    [Fact]
    public void Ids_are_capped_at_100_and_the_rest_counted()
    {
        var produced = Enumerable.Range(0, 130).Select(i => ForUser("iam.user-mfa", $"user-{i:000}", ComplianceStatus.Failed)).ToList();

        var changes = Classify(produced, stored: []);

        Assert.Equal(130, changes.New.Count);
        Assert.Equal(FindingChanges.MaxIds, changes.New.Ids.Count);
        Assert.Equal(30, changes.New.Omitted);
        Assert.Equal(changes.New.Ids.Order(StringComparer.Ordinal), changes.New.Ids);
    }

    [Fact]
    public void A_region_whose_stored_findings_were_not_read_reports_no_changes()
    {
        var produced = ForUser("iam.user-mfa", "bob", ComplianceStatus.Failed);
        var plan = new ImportPlan
        {
            Findings = [produced],
            UnavailableScopes = new Dictionary<FindingScope, string>(),
            NotDoneScopes = new Dictionary<FindingScope, string>(),
            Regions = [new RegionImport(ImportRegion, [produced]) { StoredNotRead = StoredFindings.NotRead(ImportRegion, "AccessDenied", "no") }],
        };

        var changes = FindingChanges.Classify(plan, [StoredFindings.NotRead(ImportRegion, "AccessDenied", "no")]);

        Assert.Equal(0, changes.New.Count);
    }

    private static FindingChanges Classify(IReadOnlyList<AsffFinding> produced, IReadOnlyList<AsffFinding> stored)
    {
        var lifecycle = FindingLifecycle.Plan(produced, stored, new HashSet<FindingScope> { UserMfa }, TestClock.Now, RefreshPolicy.ImportEverything);
        var plan = new ImportPlan
        {
            Findings = produced,
            UnavailableScopes = new Dictionary<FindingScope, string>(),
            NotDoneScopes = new Dictionary<FindingScope, string>(),
            Regions = [new RegionImport(ImportRegion, produced) { Lifecycle = lifecycle, Imports = lifecycle.Imports }],
        };
        return FindingChanges.Classify(plan, [new StoredFindings(ImportRegion, stored)]);
    }
}
