using Auditor.Core.Evidence;
using Auditor.Core.Model;
using static Auditor.Core.Checks.CheckResults;

namespace Auditor.Core.Checks;

/// <summary>
/// The walk every regional check makes over its evidence: each audited region's value to evaluate, a region whose read
/// failed NOT_AVAILABLE with the reason, and an audited region the run did not read NOT_AVAILABLE too (its findings
/// must not be archived as fixed).
/// </summary>
internal static class PerRegion
{
    /// <param name="what">What was read, for the reasons ("KMS keys", "the Inspector status").</param>
    public static IEnumerable<CheckResult> Evaluate<T>(CheckMetadata check, AccountSnapshot snapshot, RegionalEvidenceKind<T> kind, string what, Func<string, T, IEnumerable<CheckResult>> evaluate)
        where T : class
    {
        var read = snapshot.Get(kind);
        foreach (var (region, gathered) in read.Where(r => snapshot.Regions.Contains(r.Region, StringComparer.Ordinal)))
        {
            if (!gathered.Succeeded)
            {
                yield return NotAvailable(check, snapshot, gathered.FailureCode!, $"{what} in {region} could not be read: {gathered.FailureReason}", region);
                continue;
            }

            foreach (var result in evaluate(region, gathered.Value!))
            {
                yield return result;
            }
        }

        foreach (var region in snapshot.Regions.Where(r => !read.Any(g => string.Equals(g.Region, r, StringComparison.Ordinal))))
        {
            yield return NotAvailable(check, snapshot, "NotCollected", $"{what} in {region} were not collected by this run", region);
        }
    }
}
