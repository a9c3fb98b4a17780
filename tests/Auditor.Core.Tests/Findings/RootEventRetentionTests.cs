using Auditor.Core.Evaluation;
using Auditor.Core.Findings;
using Auditor.Core.Tests.Support;
using static Auditor.Core.Tests.Support.CloudTrailRecords;

namespace Auditor.Core.Tests.Findings;

/// <summary>root.event findings in the audit's lifecycle: never archived by scope, archived once older than the retention.</summary>
public sealed class RootEventRetentionTests
{
    private const string AccountId = "123456789012";
    private static readonly DateTimeOffset Now = TestClock.Now;
    private static readonly TimeSpan Retention = TimeSpan.FromDays(30);

    [Fact]
    public void A_run_never_archives_root_event_findings_even_for_a_scope_it_evaluated_in_their_region()
    {
        var stored = RootEvent(createdDaysAgo: 2);
        var everyScope = new HashSet<FindingScope>
        {
            new(AccountId, "us-east-1", "root.event"),
            new(AccountId, FindingScope.Global, "root.activity"),
            new(AccountId, "us-east-1", "guardduty.enabled"),
        };

        var plan = FindingLifecycle.Plan([], [stored], everyScope, Now, RefreshPolicy.ImportEverything);

        Assert.Empty(plan.Imports);
        Assert.Equal(0, plan.Archived);
    }

    [Fact]
    public void Root_event_findings_older_than_the_retention_are_archived()
    {
        var old = RootEvent(createdDaysAgo: 31, "old-event");
        var young = RootEvent(createdDaysAgo: 29, "young-event");

        var expired = FindingLifecycle.ExpireRootEvents([old, young], Retention, Now);

        var archived = Assert.Single(expired);
        Assert.Equal(old.Id, archived.Id);
        Assert.Equal(RecordStates.Archived, archived.RecordState);
        Assert.True(archived.UpdatedAt > old.UpdatedAt);
        Assert.Equal(old.CreatedAt, archived.CreatedAt);
        Assert.Null(archived.Workflow);
    }

    [Fact]
    public void Archived_or_foreign_findings_are_not_expired_again()
    {
        var archived = RootEvent(createdDaysAgo: 60) with { RecordState = RecordStates.Archived };
        var foreign = RootEvent(createdDaysAgo: 60) with { Id = "someone-else/finding" };
        var check = RootEvent(createdDaysAgo: 60) with { GeneratorId = "root.activity" };

        Assert.Empty(FindingLifecycle.ExpireRootEvents([archived, foreign, check], Retention, Now));
    }

    private static AsffFinding RootEvent(double createdDaysAgo, string eventId = "f2b1c6a4-3d5e-4c1b-9e0a-7a9d2c4b8e61")
    {
        var created = TestClock.DaysAgo(createdDaysAgo);
        return RootEventFindings.Create(Read(ConsoleLogin("Success", "No", created.AddSeconds(-30), eventId)), AccountId, "aws", "us-east-1", created);
    }
}
