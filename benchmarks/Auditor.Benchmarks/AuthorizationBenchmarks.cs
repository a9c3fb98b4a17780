using Auditor.Core.Checks;
using Auditor.Core.Evaluation;
using Auditor.Core.Findings;
using Auditor.Core.Model;
using BenchmarkDotNet.Attributes;

namespace Auditor.Benchmarks;

/// <summary>
/// What the who-can-do-what checks cost in the core for an account of 5,000 users, 1,000 roles and 500 customer
/// managed policies (the authorization details already read and their documents decoded): every policy and trust
/// document parsed and evaluated, then the results turned into ASFF findings.
/// </summary>
[MemoryDiagnoser]
public class AuthorizationBenchmarks
{
    public static readonly string[] CheckIds = ["iam.admin-policies", "iam.user-direct-policies", "iam.role-external-trust", "iam.password-policy", "iam.support-role"];

    private AccountSnapshot _snapshot = null!;
    private IReadOnlyList<ICheck> _checks = null!;
    private AuditEvaluation _evaluation = null!;

    [GlobalSetup]
    public void Setup()
    {
        _snapshot = SyntheticAuthorization.Snapshot(SyntheticAuthorization.Details(users: 5_000, roles: 1_000, policies: 500));
        _checks = CheckCatalog.Select(CheckIds);
        _evaluation = Evaluate();
    }

    /// <summary>The five checks over the authorization details and the password policy.</summary>
    [Benchmark]
    public AuditEvaluation Evaluate() => CheckRunner.Evaluate(_snapshot, _checks, AuditSettings.Default, SyntheticAccount.Now);

    /// <summary>Evaluate, then every result to its ASFF finding.</summary>
    [Benchmark]
    public List<AsffFinding> EvaluateAndBuild() => SyntheticAccount.CreateFindings(Evaluate());

    public int Results => _evaluation.Results.Count;
}
