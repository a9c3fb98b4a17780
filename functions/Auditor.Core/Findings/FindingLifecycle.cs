using Auditor.Core.Evaluation;

namespace Auditor.Core.Findings;

/// <summary>
/// Decides what one run imports: every produced finding that is new or changed (keeping an existing finding's
/// CreatedAt and FirstObservedAt, with an UpdatedAt strictly newer than the stored one, or Security Hub ignores the
/// update), and, for each fully evaluated scope, each of our ACTIVE findings the run no longer produced,
/// re-imported as ARCHIVED. A produced finding whose stored ACTIVE twin has the same
/// <see cref="FindingFingerprint"/> is unchanged: it is not imported, unless the <see cref="RefreshPolicy"/> says it
/// is due to be refreshed before Security Hub would delete it. Findings of scopes the run did not fully evaluate are left untouched, and so are
/// <c>root.event</c> findings, which no check produces: they age out by <see cref="ExpireRootEvents"/> instead.
/// </summary>
public static class FindingLifecycle
{
    public static LifecyclePlan Plan(IReadOnlyList<AsffFinding> produced, IReadOnlyList<AsffFinding> existing, IReadOnlySet<FindingScope> evaluatedScopes, DateTimeOffset now, RefreshPolicy refresh)
    {
        ArgumentNullException.ThrowIfNull(refresh);
        var stored = new Dictionary<string, AsffFinding>(StringComparer.Ordinal);
        foreach (var finding in existing)
        {
            stored.TryAdd(Key(finding), finding);
        }

        var imports = new List<AsffFinding>(produced.Count);
        var producedKeys = new HashSet<string>(StringComparer.Ordinal);
        int created = 0, updated = 0, reactivated = 0, archived = 0, unchanged = 0;
        foreach (var finding in produced)
        {
            producedKeys.Add(Key(finding));
            if (stored.TryGetValue(Key(finding), out var previous))
            {
                if (IsUnchanged(finding, previous) && !refresh.IsDue(finding.Id, previous.UpdatedAt, now))
                {
                    unchanged++;
                    continue;
                }

                updated++;
                if (previous.RecordState == RecordStates.Archived)
                {
                    reactivated++;
                }

                imports.Add(finding with
                {
                    CreatedAt = previous.CreatedAt ?? finding.CreatedAt,
                    FirstObservedAt = previous.FirstObservedAt ?? previous.CreatedAt ?? finding.FirstObservedAt,
                    UpdatedAt = NextUpdatedAt(previous, now),
                    Workflow = null,
                    Note = null,
                });
            }
            else
            {
                created++;
                imports.Add(finding);
            }
        }

        foreach (var finding in existing)
        {
            if (finding.RecordState != RecordStates.Active || producedKeys.Contains(Key(finding)) || RootEventFindings.IsRootEvent(finding))
            {
                continue;
            }

            var scope = ScopeOf(finding);
            if (scope is null || !evaluatedScopes.Contains(scope))
            {
                continue;
            }

            archived++;
            imports.Add(Archive(finding, now));
        }

        return new LifecyclePlan(imports, created, updated, reactivated, archived) { Unchanged = unchanged };
    }

    /// <summary>
    /// True when Security Hub already holds, ACTIVE, what <paramref name="produced"/> says: same fingerprint. What a
    /// person changed (workflow, note, user-defined fields) is not in the fingerprint, so it does not count.
    /// </summary>
    public static bool IsUnchanged(AsffFinding produced, AsffFinding stored) =>
        stored.RecordState == RecordStates.Active
        && FindingFingerprint.StoredIn(produced) is { } fingerprint
        && string.Equals(fingerprint, FindingFingerprint.StoredIn(stored), StringComparison.Ordinal);

    /// <summary>
    /// The ACTIVE <c>root.event</c> findings created more than <paramref name="retention"/> ago, re-imported as
    /// ARCHIVED. Nothing else is touched.
    /// </summary>
    public static IReadOnlyList<AsffFinding> ExpireRootEvents(IReadOnlyList<AsffFinding> existing, TimeSpan retention, DateTimeOffset now)
    {
        var cutoff = now - retention;
        return existing
            .Where(f => RootEventFindings.IsRootEvent(f)
                && f.Id.StartsWith(FindingIdentity.Prefix, StringComparison.Ordinal)
                && f.RecordState == RecordStates.Active
                && (f.CreatedAt ?? f.FirstObservedAt) is { } created
                && created < cutoff)
            .Select(f => Archive(f, now))
            .ToList();
    }

    private static AsffFinding Archive(AsffFinding finding, DateTimeOffset now) => finding with
    {
        RecordState = RecordStates.Archived,
        UpdatedAt = NextUpdatedAt(finding, now),
        Workflow = null,
        Note = null,
        Region = null,
        ProductFields = finding.ProductFields?.Where(p => !p.Key.StartsWith("aws/", StringComparison.Ordinal)).ToDictionary(),
    };

    /// <summary>The scope an existing finding of ours belongs to; null for a finding Auditor did not write.</summary>
    public static FindingScope? ScopeOf(AsffFinding finding)
    {
        if (!finding.Id.StartsWith(FindingIdentity.Prefix, StringComparison.Ordinal)
            || finding.ProductFields is null
            || !finding.ProductFields.TryGetValue(EvidenceFields.Region, out var region))
        {
            return null;
        }

        return new FindingScope(finding.AwsAccountId, region, finding.GeneratorId);
    }

    private static DateTimeOffset NextUpdatedAt(AsffFinding previous, DateTimeOffset now)
    {
        var floor = (previous.UpdatedAt ?? DateTimeOffset.MinValue).AddMilliseconds(1);
        return now > floor ? now : floor;
    }

    private static string Key(AsffFinding finding) => finding.ProductArn + "\n" + finding.Id;
}

/// <summary>What a run imports, and how many of each kind; <see cref="Unchanged"/> findings are left as Security Hub holds them.</summary>
public sealed record LifecyclePlan(IReadOnlyList<AsffFinding> Imports, int Created, int Updated, int Reactivated, int Archived)
{
    public int Unchanged { get; init; }
}
