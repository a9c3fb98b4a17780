using Auditor.Core.Checks;
using Auditor.Core.Evaluation;
using Auditor.Core.Findings;
using Auditor.Core.Model;
using Auditor.Core.Tests.Support;
using static Auditor.Core.Tests.Support.Snapshots;

namespace Auditor.Core.Tests.Findings;

/// <summary>The lifecycle imports what changed and leaves what Security Hub already holds as it is, until its refresh day.</summary>
public sealed class UnchangedFindingsTests
{
    private static readonly DateTimeOffset Now = TestClock.Now.AddHours(3);
    private static readonly DateTimeOffset LastNight = Now.AddDays(-1);
    private static readonly HashSet<FindingScope> Scopes = [new(AccountId, FindingScope.Global, "iam.user-mfa")];

    [Fact]
    public void An_unchanged_rerun_imports_nothing()
    {
        var produced = Users("alice", "bob", "carol").Select(u => UserMfa(u, Now)).ToList();
        var stored = Users("alice", "bob", "carol").Select(u => Stored(UserMfa(u, LastNight))).ToList();

        var plan = FindingLifecycle.Plan(produced, stored, Scopes, Now, RefreshPolicy.Default);

        Assert.Empty(plan.Imports);
        Assert.Equal((3, 0, 0, 0), (plan.Unchanged, plan.Updated, plan.Created, plan.Archived));
    }

    [Fact]
    public void One_changed_user_imports_only_that_users_finding()
    {
        var produced = new[] { UserMfa("alice", Now), UserMfa("bob", Now, mfa: true), UserMfa("carol", Now) };
        var stored = Users("alice", "bob", "carol").Select(u => Stored(UserMfa(u, LastNight))).ToList();

        var plan = FindingLifecycle.Plan(produced, stored, Scopes, Now, RefreshPolicy.Default);

        var import = Assert.Single(plan.Imports);
        Assert.EndsWith("user/bob", import.Id, StringComparison.Ordinal);
        Assert.Equal("PASSED", import.Compliance!.Status);
        Assert.Equal((2, 1), (plan.Unchanged, plan.Updated));
    }

    [Fact]
    public void An_unchanged_finding_past_its_refresh_day_is_imported_again_with_its_created_time_kept()
    {
        var produced = UserMfa("bob", Now);
        var stored = Stored(UserMfa("bob", Now.AddDays(-45))) with { CreatedAt = Now.AddDays(-200), FirstObservedAt = Now.AddDays(-200) };

        var plan = FindingLifecycle.Plan([produced], [stored], Scopes, Now, RefreshPolicy.Default);

        var import = Assert.Single(plan.Imports);
        Assert.Equal(Now.AddDays(-200), import.CreatedAt);
        Assert.Equal(Now, import.UpdatedAt);
        Assert.Equal(0, plan.Unchanged);
    }

    [Fact]
    public void Refresh_0_imports_everything_as_before()
    {
        var produced = Users("alice", "bob").Select(u => UserMfa(u, Now)).ToList();
        var stored = Users("alice", "bob").Select(u => Stored(UserMfa(u, LastNight))).ToList();

        var plan = FindingLifecycle.Plan(produced, stored, Scopes, Now, RefreshPolicy.ImportEverything);

        Assert.Equal(2, plan.Imports.Count);
        Assert.Equal((0, 2), (plan.Unchanged, plan.Updated));
    }

    [Fact]
    public void A_finding_whose_workflow_a_person_changed_is_still_unchanged()
    {
        var stored = Stored(UserMfa("bob", LastNight)) with { Workflow = new AsffWorkflow("SUPPRESSED") };

        var plan = FindingLifecycle.Plan([UserMfa("bob", Now)], [stored], Scopes, Now, RefreshPolicy.Default);

        Assert.Empty(plan.Imports);
        Assert.Equal(1, plan.Unchanged);
    }

    [Fact]
    public void An_archived_finding_produced_again_is_reactivated_not_left_archived()
    {
        var stored = Stored(UserMfa("bob", LastNight)) with { RecordState = RecordStates.Archived };

        var plan = FindingLifecycle.Plan([UserMfa("bob", Now)], [stored], Scopes, Now, RefreshPolicy.Default);

        Assert.Equal(RecordStates.Active, Assert.Single(plan.Imports).RecordState);
        Assert.Equal((1, 0), (plan.Reactivated, plan.Unchanged));
    }

    [Fact]
    public void A_finding_written_by_a_release_without_fingerprints_counts_as_changed_once()
    {
        var written = UserMfa("bob", LastNight);
        var stored = Stored(written) with { ProductFields = written.ProductFields!.Where(p => p.Key != EvidenceFields.Fingerprint).ToDictionary() };

        var plan = FindingLifecycle.Plan([UserMfa("bob", Now)], [stored], Scopes, Now, RefreshPolicy.Default);

        Assert.Single(plan.Imports);
    }

    private static string[] Users(params string[] users) => users;

    private static AsffFinding UserMfa(string user, DateTimeOffset now, bool mfa = false)
    {
        var check = CheckCatalog.Find("iam.user-mfa")!;
        var result = new CheckResult
        {
            CheckId = check.Metadata.Id,
            Status = mfa ? ComplianceStatus.Passed : ComplianceStatus.Failed,
            Severity = check.Metadata.Severity,
            Resource = new AsffResource { Type = "AwsIamUser", Id = $"arn:aws:iam::123456789012:user/{user}", Partition = "aws" },
            Description = mfa ? $"IAM user {user} has a console password and an MFA device." : $"IAM user {user} has a console password and no MFA device.",
            Evidence = new EvidenceWithSource(new EvidenceMap { ["auditor/MfaActive"] = mfa ? "true" : "false" }, new EvidenceOrigin(EvidenceFields.CredentialReportSource, now.AddHours(-2))),
        };
        return FindingFactory.Create(result, check.Metadata, AccountId, "aws", "us-east-1", now);
    }

    /// <summary>The finding as Security Hub returns it: with its own fields added.</summary>
    private static AsffFinding Stored(AsffFinding finding) => finding with
    {
        Region = "us-east-1",
        ProductFields = new Dictionary<string, string>(finding.ProductFields!) { ["aws/securityhub/FindingId"] = finding.ProductArn + "/" + finding.Id },
    };
}
