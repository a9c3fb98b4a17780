using Auditor.Core.Evaluation;
using Auditor.Core.Findings;
using BenchmarkDotNet.Attributes;

namespace Auditor.Benchmarks;

/// <summary>
/// The lifecycle diff of one run against what Security Hub holds: about 100,000 stored findings (as read back,
/// with Security Hub's own <c>aws/</c> product fields), of which the run produces 95% again, plus 5% new
/// findings; the 5% it no longer produces are archived.
/// </summary>
[MemoryDiagnoser]
public class LifecycleBenchmarks
{
    private List<AsffFinding> _produced = [];
    private List<AsffFinding> _existing = [];
    private IReadOnlySet<FindingScope> _scopes = new HashSet<FindingScope>();

    [Params(100_000)]
    public int ExistingFindings { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        // About 3.7 findings per user: size the account so that the previous run stored ExistingFindings.
        var users = (int)(ExistingFindings / 3.7);
        var (evaluation, scanned) = SyntheticAccount.Scan(SyntheticAccount.CredentialReportCsv(users));

        // In id order, so which findings are dropped or new does not depend on the order checks run in.
        var findings = scanned.OrderBy(f => f.ProductArn, StringComparer.Ordinal).ThenBy(f => f.Id, StringComparer.Ordinal).ToList();
        _scopes = evaluation.EvaluatedScopes;
        var earlier = SyntheticAccount.Now.AddDays(-30);
        var stored = findings.Select(f => f with
        {
            CreatedAt = earlier,
            FirstObservedAt = earlier,
            UpdatedAt = earlier.AddDays(29),
            LastObservedAt = earlier.AddDays(29),
            Region = SyntheticAccount.HubRegion,
            Workflow = new AsffWorkflow("NOTIFIED"),
            ProductFields = new Dictionary<string, string>(f.ProductFields!)
            {
                ["aws/securityhub/FindingId"] = f.ProductArn + "/" + f.Id,
                ["aws/securityhub/ProductName"] = "Default",
                ["aws/securityhub/CompanyName"] = "Personal",
            },
        }).ToList();

        // Pad or trim to exactly ExistingFindings; 5% of the stored ones are no longer produced (deleted users).
        _existing = stored.Take(ExistingFindings).ToList();
        var dropped = _existing.Count / 20;
        _produced = findings.Take(_existing.Count).Skip(dropped).ToList();
        // 5% new findings (new users): same shapes, fresh ids.
        _produced.AddRange(findings.Take(dropped).Select(f => f with { Id = f.Id + "-new" }));
    }

    [Benchmark]
    public LifecyclePlan Plan() => FindingLifecycle.Plan(_produced, _existing, _scopes, SyntheticAccount.Now, RefreshPolicy.ImportEverything);
}
