using Auditor.Core.Evaluation;
using Auditor.Core.Findings;
using Auditor.Core.Model;
using Auditor.Core.Suppressions;
using Auditor.Core.Tests.Support;
using static Auditor.Core.Tests.Support.TestFindings;

namespace Auditor.Core.Tests.Suppressions;

public sealed class SuppressionPlanTests
{
    private static readonly DateOnly Today = DateOnly.FromDateTime(TestClock.Now.UtcDateTime);
    private static readonly FindingScope UserMfa = new(Snapshots.AccountId, FindingScope.Global, "iam.user-mfa");

    private static readonly SuppressionRule BreakGlass = new()
    {
        Line = 2,
        Check = "iam.user-mfa",
        Accounts = [Snapshots.AccountId],
        Resource = "break-glass",
        Reason = "Break-glass user.",
        Owner = "security",
        Expires = Today.AddDays(30),
    };

    [Fact]
    public void A_failure_a_rule_covers_is_suppressed_with_the_rules_note_and_nothing_else_is_touched()
    {
        var covered = ForUser("iam.user-mfa", "break-glass", ComplianceStatus.Failed);
        var other = ForUser("iam.user-mfa", "bob", ComplianceStatus.Failed);

        var plan = Plan([BreakGlass], produced: [covered, other], stored: []);

        var update = Assert.Single(plan.Updates);
        Assert.Equal((covered.Id, "SUPPRESSED"), (update.FindingId, update.Status));
        Assert.Equal($"Suppressed by Auditor (config/suppressions.yaml line 2): Break-glass user. Owner: security. Expires: {Today.AddDays(30):yyyy-MM-dd}.", update.Note);
        Assert.Equal((1, 0), (plan.Suppressed, plan.Unsuppressed));
    }

    [Fact]
    public void A_rule_covers_a_resource_by_its_arn_as_well_as_its_name()
    {
        var rule = BreakGlass with { Resource = "arn:aws:iam::*:user/break-*" };

        var plan = Plan([rule], produced: [ForUser("iam.user-mfa", "break-glass", ComplianceStatus.Failed)], stored: []);

        Assert.Single(plan.Updates);
    }

    [Fact]
    public void A_passing_finding_is_never_suppressed()
    {
        var plan = Plan([BreakGlass], produced: [ForUser("iam.user-mfa", "break-glass", ComplianceStatus.Passed)], stored: []);

        Assert.Empty(plan.Updates);
    }

    [Fact]
    public void A_finding_already_suppressed_by_the_same_rule_is_not_updated_again()
    {
        var finding = ForUser("iam.user-mfa", "break-glass", ComplianceStatus.Failed);
        var stored = SuppressedByAuditor(finding, BreakGlass);

        Assert.Empty(Plan([BreakGlass], produced: [finding], stored: [stored]).Updates);
    }

    [Fact]
    public void An_expired_rule_unsuppresses_what_it_suppressed_and_is_reported()
    {
        var finding = ForUser("iam.user-mfa", "break-glass", ComplianceStatus.Failed);
        var expired = BreakGlass with { Expires = Today.AddDays(-1) };
        var stored = SuppressedByAuditor(finding, expired);

        var plan = Plan([expired], produced: [finding], stored: [stored]);

        var update = Assert.Single(plan.Updates);
        Assert.Equal((finding.Id, "NEW"), (update.FindingId, update.Status));
        Assert.Contains($"expired on {Today.AddDays(-1):yyyy-MM-dd}", update.Note, StringComparison.Ordinal);
        Assert.Equal([expired], plan.ExpiredRules);
        Assert.Equal((0, 1), (plan.Suppressed, plan.Unsuppressed));
    }

    [Fact]
    public void A_removed_rule_unsuppresses_what_it_suppressed()
    {
        var finding = ForUser("iam.user-mfa", "break-glass", ComplianceStatus.Failed);

        var plan = Plan([], produced: [finding], stored: [SuppressedByAuditor(finding, BreakGlass)]);

        Assert.Equal("NEW", Assert.Single(plan.Updates).Status);
        Assert.Contains("no rule", plan.Updates[0].Note, StringComparison.Ordinal);
    }

    [Fact]
    public void A_suppression_a_person_set_in_the_console_survives_with_or_without_a_rule()
    {
        var finding = ForUser("iam.user-mfa", "break-glass", ComplianceStatus.Failed);
        var byPerson = Stored(finding) with { Workflow = new AsffWorkflow("SUPPRESSED"), Note = new AsffNote("Accepted by the CISO", "arn:aws:iam::123456789012:user/alice") };

        Assert.Empty(Plan([], produced: [finding], stored: [byPerson]).Updates);
        Assert.Empty(Plan([BreakGlass], produced: [finding], stored: [byPerson]).Updates);
    }

    [Fact]
    public void A_suppression_whose_note_a_person_edited_is_theirs()
    {
        var finding = ForUser("iam.user-mfa", "break-glass", ComplianceStatus.Failed);
        var edited = SuppressedByAuditor(finding, BreakGlass) with { Note = new AsffNote("Suppressed by Auditor, and I agree", "alice") };

        Assert.Empty(Plan([], produced: [finding], stored: [edited]).Updates);
    }

    [Fact]
    public void Regions_and_accounts_narrow_a_rule()
    {
        var finding = ForRegion("guardduty.enabled", "eu-west-1", ComplianceStatus.Failed);
        var rule = BreakGlass with { Check = "guardduty.*", Resource = "*", Regions = ["ap-southeast-2"] };

        Assert.False(SuppressionPlan.Covers(rule, finding));
        Assert.True(SuppressionPlan.Covers(rule with { Regions = ["eu-west-1"] }, finding));
        Assert.False(SuppressionPlan.Covers(rule with { Regions = null, Accounts = ["210987654321"] }, finding));
        Assert.True(SuppressionPlan.Covers(rule with { Regions = null, Accounts = null }, finding));
    }

    private static AsffFinding SuppressedByAuditor(AsffFinding finding, SuppressionRule rule) =>
        Stored(finding) with { Workflow = new AsffWorkflow("SUPPRESSED"), Note = new AsffNote(SuppressionNotes.For(rule), "Auditor") };

    private static SuppressionPlan Plan(IReadOnlyList<SuppressionRule> rules, IReadOnlyList<AsffFinding> produced, IReadOnlyList<AsffFinding> stored)
    {
        var lifecycle = FindingLifecycle.Plan(produced, stored, new HashSet<FindingScope> { UserMfa }, TestClock.Now, RefreshPolicy.ImportEverything);
        var plan = new ImportPlan
        {
            Findings = produced,
            UnavailableScopes = new Dictionary<FindingScope, string>(),
            NotDoneScopes = new Dictionary<FindingScope, string>(),
            Regions = [new RegionImport(ImportRegion, produced) { Lifecycle = lifecycle, Imports = lifecycle.Imports }],
        };
        return SuppressionPlan.Create(new SuppressionFile(rules), plan, [new StoredFindings(ImportRegion, stored)], Today);
    }
}
