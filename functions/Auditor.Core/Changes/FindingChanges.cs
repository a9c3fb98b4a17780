using Auditor.Core.Findings;

namespace Auditor.Core.Changes;

/// <summary>
/// What changed since the last run, from the findings a run produced and what Security Hub held before it:
/// <c>new</c> (failing and not active before: first seen, or back after being archived), <c>regressed</c> (was
/// PASSED, now FAILED or WARNING), <c>fixed</c> (was FAILED or WARNING, now PASSED) and <c>archived</c> (no longer
/// produced by a scope the run fully evaluated). Regions whose stored findings could not be read, and dry runs, which
/// read nothing, contribute nothing: without the previous state a change cannot be told from a repeat.
/// </summary>
public sealed record FindingChanges(ChangeList New, ChangeList Regressed, ChangeList Fixed, ChangeList Archived)
{
    /// <summary>At most this many finding ids per kind of change; the rest are counted in <see cref="ChangeList.Omitted"/>.</summary>
    public const int MaxIds = 100;

    public static FindingChanges None { get; } = new(ChangeList.Empty, ChangeList.Empty, ChangeList.Empty, ChangeList.Empty);

    /// <summary>Classifies the run's results region by region against the findings stored there before the run.</summary>
    public static FindingChanges Classify(ImportPlan plan, IReadOnlyList<StoredFindings> stored)
    {
        ArgumentNullException.ThrowIfNull(plan);
        ArgumentNullException.ThrowIfNull(stored);
        var storedByRegion = stored.Where(s => s.Read).ToDictionary(s => s.Region, s => s.Findings!, StringComparer.Ordinal);
        List<string> added = [], regressed = [], fixedIds = [], archived = [];
        foreach (var region in plan.Regions)
        {
            if (region.Lifecycle is not { } lifecycle || !storedByRegion.TryGetValue(region.Region, out var held))
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
                var now = finding.Compliance?.Status;
                if (!previous.TryGetValue(finding.Id, out var before) || before.RecordState != RecordStates.Active)
                {
                    if (IsFailing(now))
                    {
                        added.Add(finding.Id);
                    }

                    continue;
                }

                var was = before.Compliance?.Status;
                if (was == Passed && IsFailing(now))
                {
                    regressed.Add(finding.Id);
                }
                else if (IsFailing(was) && now == Passed)
                {
                    fixedIds.Add(finding.Id);
                }
            }

            archived.AddRange(lifecycle.Imports.Where(f => f.RecordState == RecordStates.Archived).Select(f => f.Id));
        }

        return new FindingChanges(ChangeList.Of(added), ChangeList.Of(regressed), ChangeList.Of(fixedIds), ChangeList.Of(archived));
    }

    /// <summary>FAILED or WARNING: a result someone has to act on.</summary>
    public static bool IsFailing(string? complianceStatus) =>
        complianceStatus is "FAILED" or "WARNING";

    private const string Passed = "PASSED";
}

/// <summary>One kind of change: how many findings, and their ids (sorted, at most <see cref="FindingChanges.MaxIds"/>).</summary>
public sealed record ChangeList(int Count, IReadOnlyList<string> Ids)
{
    public static ChangeList Empty { get; } = new(0, []);

    /// <summary>Ids beyond the cap, counted but not listed.</summary>
    public int Omitted => Count - Ids.Count;

    public static ChangeList Of(IEnumerable<string> ids)
    {
        var all = ids.Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToList();
        return new ChangeList(all.Count, all.Take(FindingChanges.MaxIds).ToList());
    }
}
