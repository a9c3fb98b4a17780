using Auditor.Core.Checks;
using Auditor.Core.Evaluation;
using Auditor.Core.Findings;
using Auditor.Core.Model;
using Auditor.Core.Tests.Support;
using Auditor.Testing;
using static Auditor.Core.Tests.Support.Snapshots;

namespace Auditor.Core.Tests.Findings;

public sealed class FindingLifecycleTests
{
    private const string ImportRegion = "us-east-1";
    private static readonly DateTimeOffset Now = TestClock.Now;
    private static readonly DateTimeOffset LastRun = Now.AddDays(-1);
    private static readonly DateTimeOffset FirstRun = Now.AddDays(-30);

    private static readonly FindingScope UserMfaScope = new(AccountId, FindingScope.Global, "iam.user-mfa");
    private static readonly FindingScope GuardDutyEuWest1 = new(AccountId, "eu-west-1", "guardduty.enabled");

    [Fact]
    public void New_finding_is_created_as_produced()
    {
        var produced = UserMfaFinding("bob");

        var plan = FindingLifecycle.Plan([produced], [], Scopes(UserMfaScope), Now, RefreshPolicy.ImportEverything);

        Assert.Equal(produced, Assert.Single(plan.Imports));
        Assert.Equal((1, 0, 0, 0), (plan.Created, plan.Updated, plan.Reactivated, plan.Archived));
        Assert.Equal("NEW", produced.Workflow?.Status);
        Assert.Equal(Now, produced.CreatedAt);
        Assert.Equal(produced.CreatedAt, produced.UpdatedAt);
    }

    [Fact]
    public void Rerun_keeps_created_and_first_observed_and_advances_updated_and_last_observed()
    {
        var stored = Stored(UserMfaFinding("bob"), created: FirstRun, updated: LastRun);

        var plan = FindingLifecycle.Plan([UserMfaFinding("bob")], [stored], Scopes(UserMfaScope), Now, RefreshPolicy.ImportEverything);

        var import = Assert.Single(plan.Imports);
        Assert.Equal(FirstRun, import.CreatedAt);
        Assert.Equal(FirstRun, import.FirstObservedAt);
        Assert.Equal(Now, import.UpdatedAt);
        Assert.Equal(Now, import.LastObservedAt);
        Assert.Equal((0, 1, 0, 0), (plan.Created, plan.Updated, plan.Reactivated, plan.Archived));
    }

    [Fact]
    public void Rerun_does_not_send_workflow_which_belongs_to_the_customer()
    {
        var stored = Stored(UserMfaFinding("bob"), created: FirstRun, updated: LastRun) with { Workflow = new AsffWorkflow("SUPPRESSED") };

        var import = Assert.Single(FindingLifecycle.Plan([UserMfaFinding("bob")], [stored], Scopes(UserMfaScope), Now, RefreshPolicy.ImportEverything).Imports);

        Assert.Null(import.Workflow);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(0.001)]
    [InlineData(5 * 60)]
    [InlineData(3 * 3600)]
    public void Updated_at_is_strictly_newer_than_the_stored_one_even_when_that_is_ahead_of_now(double storedSecondsAhead)
    {
        var storedUpdatedAt = Now.AddSeconds(storedSecondsAhead);
        var stored = Stored(UserMfaFinding("bob"), created: FirstRun, updated: storedUpdatedAt);

        var import = Assert.Single(FindingLifecycle.Plan([UserMfaFinding("bob")], [stored], Scopes(UserMfaScope), Now, RefreshPolicy.ImportEverything).Imports);

        Assert.True(import.UpdatedAt > storedUpdatedAt, $"UpdatedAt {import.UpdatedAt:O} is not after the stored {storedUpdatedAt:O}.");
        Assert.Equal(FirstRun, import.CreatedAt);
    }

    [Fact]
    public void Updated_at_stays_newer_after_asff_millisecond_formatting()
    {
        // Security Hub stores milliseconds: an UpdatedAt only ticks newer would round back to the stored value.
        var storedUpdatedAt = Now.AddMilliseconds(250);
        var stored = Stored(UserMfaFinding("bob"), created: FirstRun, updated: storedUpdatedAt);

        var import = Assert.Single(FindingLifecycle.Plan([UserMfaFinding("bob")], [stored], Scopes(UserMfaScope), Now, RefreshPolicy.ImportEverything).Imports);

        Assert.True(
            string.CompareOrdinal(AsffTimestampConverter.ToAsff(import.UpdatedAt!.Value), AsffTimestampConverter.ToAsff(storedUpdatedAt)) > 0);
    }

    [Fact]
    public void Finding_no_longer_produced_in_an_evaluated_scope_is_archived()
    {
        var stored = Stored(UserMfaFinding("mallory"), created: FirstRun, updated: LastRun);

        var plan = FindingLifecycle.Plan([UserMfaFinding("bob")], [stored], Scopes(UserMfaScope), Now, RefreshPolicy.ImportEverything);

        var archived = Assert.Single(plan.Imports, f => f.Id == stored.Id);
        Assert.Equal(RecordStates.Archived, archived.RecordState);
        Assert.True(archived.UpdatedAt > stored.UpdatedAt);
        Assert.Equal(FirstRun, archived.CreatedAt);
        Assert.Null(archived.Workflow);
        Assert.Equal((1, 0, 0, 1), (plan.Created, plan.Updated, plan.Reactivated, plan.Archived));
        Assert.Equal(2, plan.Imports.Count);
    }

    [Fact]
    public void Archived_finding_sheds_fields_security_hub_owns()
    {
        var stored = Stored(UserMfaFinding("mallory"), created: FirstRun, updated: LastRun) with
        {
            Region = "us-east-1",
            ProductFields = new Dictionary<string, string>(UserMfaFinding("mallory").ProductFields!)
            {
                ["aws/securityhub/FindingId"] = "arn:aws:securityhub:us-east-1:123456789012:product/123456789012/default/x",
                ["aws/securityhub/ProductName"] = "Default",
                ["aws/securityhub/CompanyName"] = "Personal",
            },
        };

        var archived = Assert.Single(FindingLifecycle.Plan([], [stored], Scopes(UserMfaScope), Now, RefreshPolicy.ImportEverything).Imports);

        Assert.DoesNotContain(archived.ProductFields!.Keys, k => k.StartsWith("aws/", StringComparison.Ordinal));
        Assert.Equal("global", archived.ProductFields[EvidenceFields.Region]);
        Assert.Equal("iam.user-mfa", archived.ProductFields[EvidenceFields.CheckId]);
        Assert.Null(archived.Region);
    }

    [Fact]
    public void Finding_of_a_region_this_run_did_not_evaluate_is_kept()
    {
        var stored = Stored(GuardDutyFinding("eu-west-1"), created: FirstRun, updated: LastRun);

        var plan = FindingLifecycle.Plan([GuardDutyFinding("us-east-1")], [stored], Scopes(new FindingScope(AccountId, "us-east-1", "guardduty.enabled")), Now, RefreshPolicy.ImportEverything);

        Assert.DoesNotContain(plan.Imports, f => f.Id == stored.Id);
        Assert.Equal(0, plan.Archived);
    }

    [Fact]
    public void Finding_of_a_check_this_run_did_not_evaluate_is_kept()
    {
        var stored = Stored(UserMfaFinding("mallory"), created: FirstRun, updated: LastRun);

        var plan = FindingLifecycle.Plan([], [stored], Scopes(new FindingScope(AccountId, FindingScope.Global, "iam.unused-credentials")), Now, RefreshPolicy.ImportEverything);

        Assert.Empty(plan.Imports);
    }

    [Fact]
    public void Finding_of_another_account_is_kept()
    {
        var stored = Stored(UserMfaFinding("mallory"), created: FirstRun, updated: LastRun);

        var plan = FindingLifecycle.Plan([], [stored], Scopes(UserMfaScope with { AccountId = "210987654321" }), Now, RefreshPolicy.ImportEverything);

        Assert.Empty(plan.Imports);
    }

    [Fact]
    public void Findings_of_a_region_whose_data_could_not_be_read_are_kept()
    {
        var snapshot = Complete();
        snapshot = snapshot.WithGuardDuty(snapshot.GuardDuty
                .Select(g => g.Region == "eu-west-1" ? g with { Value = AccessDenied<IReadOnlyList<GuardDutyDetector>>("guardduty:ListDetectors") } : g)
                .ToList());
        var evaluation = CheckRunner.Evaluate(snapshot, CheckCatalog.Select(["guardduty.enabled"]), AuditSettings.Default, Now);
        var produced = evaluation.Results
            .Select(r => FindingFactory.Create(r, CheckCatalog.Find(r.CheckId)!.Metadata, AccountId, "aws", r.Region ?? ImportRegion, Now))
            .ToList();
        var storedFailed = Stored(GuardDutyFinding("eu-west-1"), created: FirstRun, updated: LastRun);
        var storedOldDetector = Stored(GuardDutyFinding("us-east-1", resourceId: "arn:aws:guardduty:us-east-1:123456789012:detector/old"), created: FirstRun, updated: LastRun);

        var plan = FindingLifecycle.Plan(produced, [storedFailed, storedOldDetector], evaluation.EvaluatedScopes, Now, RefreshPolicy.ImportEverything);

        Assert.DoesNotContain(GuardDutyEuWest1, evaluation.EvaluatedScopes);
        Assert.DoesNotContain(plan.Imports, f => f.Id == storedFailed.Id && f.RecordState == RecordStates.Archived);
        Assert.Contains(plan.Imports, f => f.Id == storedOldDetector.Id && f.RecordState == RecordStates.Archived);
        Assert.Equal(1, plan.Archived);
    }

    [Fact]
    public void Finding_already_archived_is_not_archived_again()
    {
        var stored = Stored(UserMfaFinding("mallory"), created: FirstRun, updated: LastRun) with { RecordState = RecordStates.Archived };

        var plan = FindingLifecycle.Plan([], [stored], Scopes(UserMfaScope), Now, RefreshPolicy.ImportEverything);

        Assert.Empty(plan.Imports);
        Assert.Equal(0, plan.Archived);
    }

    [Fact]
    public void Archived_finding_produced_again_is_reactivated()
    {
        var stored = Stored(UserMfaFinding("bob"), created: FirstRun, updated: LastRun) with { RecordState = RecordStates.Archived };

        var plan = FindingLifecycle.Plan([UserMfaFinding("bob")], [stored], Scopes(UserMfaScope), Now, RefreshPolicy.ImportEverything);

        var import = Assert.Single(plan.Imports);
        Assert.Equal(RecordStates.Active, import.RecordState);
        Assert.Equal(FirstRun, import.CreatedAt);
        Assert.True(import.UpdatedAt > LastRun);
        Assert.Equal((0, 1, 1, 0), (plan.Created, plan.Updated, plan.Reactivated, plan.Archived));
    }

    [Fact]
    public void Finding_whose_id_lacks_our_prefix_is_never_touched()
    {
        var foreign = Stored(UserMfaFinding("mallory"), created: FirstRun, updated: LastRun) with
        {
            Id = "arn:aws:securityhub:us-east-1:123456789012:subscription/aws-foundational-security-best-practices/v/1.0.0/IAM.5/finding/0a1b",
        };

        var plan = FindingLifecycle.Plan([], [foreign], Scopes(UserMfaScope), Now, RefreshPolicy.ImportEverything);

        Assert.Empty(plan.Imports);
        Assert.Null(FindingLifecycle.ScopeOf(foreign));
    }

    [Fact]
    public void Finding_without_our_region_product_field_is_never_touched()
    {
        var lookalike = Stored(UserMfaFinding("mallory"), created: FirstRun, updated: LastRun) with
        {
            ProductFields = new Dictionary<string, string> { ["ProviderName"] = "SomeoneElse" },
        };

        var plan = FindingLifecycle.Plan([], [lookalike], Scopes(UserMfaScope), Now, RefreshPolicy.ImportEverything);

        Assert.Empty(plan.Imports);
        Assert.Null(FindingLifecycle.ScopeOf(lookalike));
    }

    [Fact]
    public void Scope_of_our_finding_comes_from_account_region_field_and_generator()
    {
        Assert.Equal(GuardDutyEuWest1, FindingLifecycle.ScopeOf(GuardDutyFinding("eu-west-1")));
        Assert.Equal(UserMfaScope, FindingLifecycle.ScopeOf(UserMfaFinding("bob")));
    }

    [Fact]
    public void Mixed_run_creates_updates_and_archives_each_finding_once()
    {
        var storedBob = Stored(UserMfaFinding("bob"), created: FirstRun, updated: LastRun);
        var storedMallory = Stored(UserMfaFinding("mallory"), created: FirstRun, updated: LastRun);

        var plan = FindingLifecycle.Plan([UserMfaFinding("bob"), UserMfaFinding("alice")], [storedBob, storedMallory], Scopes(UserMfaScope), Now, RefreshPolicy.ImportEverything);

        Assert.Equal((1, 1, 0, 1), (plan.Created, plan.Updated, plan.Reactivated, plan.Archived));
        Assert.Equal(3, plan.Imports.Count);
        Assert.Equal(3, plan.Imports.Select(f => f.Id).Distinct().Count());
    }

    private static HashSet<FindingScope> Scopes(params FindingScope[] scopes) => scopes.ToHashSet();

    private static AsffFinding UserMfaFinding(string user)
    {
        var check = CheckCatalog.Find("iam.user-mfa")!;
        var result = new CheckResult
        {
            CheckId = check.Metadata.Id,
            Status = ComplianceStatus.Failed,
            Severity = check.Metadata.Severity,
            Resource = new AsffResource { Type = "AwsIamUser", Id = $"arn:aws:iam::123456789012:user/{user}", Partition = "aws" },
            Description = $"IAM user {user} has a console password and no MFA device.",
        };
        return FindingFactory.Create(result, check.Metadata, AccountId, "aws", ImportRegion, Now);
    }

    private static AsffFinding GuardDutyFinding(string region, string? resourceId = null)
    {
        var check = CheckCatalog.Find("guardduty.enabled")!;
        var result = new CheckResult
        {
            CheckId = check.Metadata.Id,
            Region = region,
            Status = ComplianceStatus.Failed,
            Severity = check.Metadata.Severity,
            Resource = new AsffResource { Type = "AwsAccount", Id = resourceId ?? AccountResourceId, Partition = "aws", Region = region },
            Description = $"GuardDuty has no detector in {region}.",
        };
        return FindingFactory.Create(result, check.Metadata, AccountId, "aws", region, Now);
    }

    /// <summary>The finding as a previous run left it in Security Hub.</summary>
    private static AsffFinding Stored(AsffFinding finding, DateTimeOffset created, DateTimeOffset updated) => finding with
    {
        CreatedAt = created,
        FirstObservedAt = created,
        UpdatedAt = updated,
        LastObservedAt = updated,
        Workflow = new AsffWorkflow("NEW"),
    };
}
