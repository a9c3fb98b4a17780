using Auditor.Core.Changes;
using Auditor.Core.Evaluation;
using Auditor.Core.Findings;

namespace Auditor.Core.Suppressions;

/// <summary>
/// Which findings' workflow a run changes: each active FAILED or WARNING finding a live rule covers becomes SUPPRESSED
/// with the rule's note (unless it already is, by Auditor with the same note, or by a person); each finding Auditor
/// suppressed that no live rule covers any more becomes NEW again, with a note saying why. Nothing else is touched, and
/// <c>Compliance.Status</c> never: a suppressed failure is still FAILED. Only regions whose stored findings were read
/// are planned, since the current workflow is known only from them.
/// </summary>
public sealed record SuppressionPlan(IReadOnlyList<WorkflowUpdate> Updates, IReadOnlyList<SuppressionRule> ExpiredRules)
{
    public int Suppressed => Updates.Count(u => u.Status == SuppressionNotes.Suppressed);

    public int Unsuppressed => Updates.Count(u => u.Status == SuppressionNotes.New);

    public static SuppressionPlan None { get; } = new([], []);

    public static SuppressionPlan Create(SuppressionFile file, ImportPlan plan, IReadOnlyList<StoredFindings> stored, DateOnly today)
    {
        ArgumentNullException.ThrowIfNull(file);
        ArgumentNullException.ThrowIfNull(plan);
        ArgumentNullException.ThrowIfNull(stored);
        var live = file.Rules.Where(r => !r.IsExpired(today)).ToList();
        var expired = file.Expired(today);
        var storedByRegion = stored.Where(s => s.Read).ToDictionary(s => s.Region, s => s.Findings!, StringComparer.Ordinal);
        var updates = new List<WorkflowUpdate>();
        foreach (var region in plan.Regions)
        {
            if (region.Lifecycle is null || !storedByRegion.TryGetValue(region.Region, out var held))
            {
                continue;
            }

            var previous = new Dictionary<string, AsffFinding>(StringComparer.Ordinal);
            foreach (var finding in held)
            {
                previous.TryAdd(finding.Id, finding);
            }

            foreach (var finding in region.Produced)
            {
                var before = previous.GetValueOrDefault(finding.Id);
                // Security Hub sets NEW by itself when a finding comes back (ARCHIVED to ACTIVE) or regresses (PASSED to FAILED).
                var reopened = before is not { RecordState: RecordStates.Active } || (before.Compliance?.Status == "PASSED" && FindingChanges.IsFailing(finding.Compliance?.Status));
                var current = reopened ? finding with { Workflow = new AsffWorkflow(SuppressionNotes.New), Note = null } : before!;
                var rule = FindingChanges.IsFailing(finding.Compliance?.Status) ? live.FirstOrDefault(r => Covers(r, finding)) : null;
                if (rule is not null)
                {
                    var note = SuppressionNotes.For(rule);
                    var personal = current.Workflow?.Status == SuppressionNotes.Suppressed && !SuppressionNotes.IsAuditors(current);
                    if (!personal && !(SuppressionNotes.IsAuditors(current) && current.Note!.Text == note))
                    {
                        updates.Add(new WorkflowUpdate(region.Region, finding.ProductArn, finding.Id, SuppressionNotes.Suppressed, note));
                    }
                }
                else if (SuppressionNotes.IsAuditors(current) && !live.Any(r => Covers(r, finding)))
                {
                    updates.Add(new WorkflowUpdate(region.Region, finding.ProductArn, finding.Id, SuppressionNotes.New, SuppressionNotes.Ended(expired.FirstOrDefault(r => Covers(r, finding)))));
                }
            }
        }

        return new SuppressionPlan(updates, expired);
    }

    /// <summary>True when <paramref name="rule"/> covers the finding: its check, account, region and resource (id or name).</summary>
    public static bool Covers(SuppressionRule rule, AsffFinding finding)
    {
        ArgumentNullException.ThrowIfNull(rule);
        ArgumentNullException.ThrowIfNull(finding);
        var resource = finding.Resources.Count > 0 ? finding.Resources[0] : null;
        var id = resource?.Id ?? string.Empty;
        var name = resource?.Details?.AwsIamUser?.UserName ?? id[(id.LastIndexOfAny(['/', ':']) + 1)..];
        var region = finding.ProductFields?.GetValueOrDefault(EvidenceFields.Region) ?? FindingScope.Global;
        return rule.Covers(finding.GeneratorId, finding.AwsAccountId, region, id, name);
    }
}

/// <summary>One finding's new workflow status and note, sent through <c>BatchUpdateFindings</c> in its region.</summary>
public sealed record WorkflowUpdate(string Region, string ProductArn, string FindingId, string Status, string Note);
