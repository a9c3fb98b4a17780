using Auditor.Aws.SecurityHub;
using Auditor.Core.Checks;
using Auditor.Core.CredentialReports;
using Auditor.Core.Evaluation;
using Auditor.Core.Findings;
using Auditor.Core.Model;
using BenchmarkDotNet.Attributes;

namespace Auditor.Benchmarks;

/// <summary>
/// What one account's scan costs in the core, by credential report size: each stage alone, then the whole
/// path from the report's CSV to the JSON bodies of the BatchImportFindings requests.
/// </summary>
[MemoryDiagnoser]
public class ScanCostBenchmarks
{
    private string _csv = string.Empty;
    private AccountSnapshot _snapshot = null!;
    private AuditEvaluation _evaluation = null!;
    private List<AsffFinding> _findings = [];

    [Params(1_000, 10_000, 100_000)]
    public int Users { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        _csv = SyntheticAccount.CredentialReportCsv(Users);
        _snapshot = SyntheticAccount.Snapshot(CredentialReportParser.Parse(_csv, SyntheticAccount.ReportGeneratedAt));
        _evaluation = CheckRunner.Evaluate(_snapshot, CheckCatalog.All, AuditSettings.Default, SyntheticAccount.Now);
        _findings = SyntheticAccount.CreateFindings(_evaluation);
    }

    /// <summary>CSV text to the typed report.</summary>
    [Benchmark]
    public CredentialReport Parse() => CredentialReportParser.Parse(_csv, SyntheticAccount.ReportGeneratedAt);

    /// <summary>Every check over the snapshot (about four results per user).</summary>
    [Benchmark]
    public AuditEvaluation Evaluate() => CheckRunner.Evaluate(_snapshot, CheckCatalog.All, AuditSettings.Default, SyntheticAccount.Now);

    /// <summary>Every result to its ASFF finding.</summary>
    [Benchmark]
    public List<AsffFinding> BuildFindings() => SyntheticAccount.CreateFindings(_evaluation);

    /// <summary>Every finding to JSON, in the import batches of 100 the Security Hub writer sends.</summary>
    [Benchmark]
    public long Serialize() => ImportBodies.Serialize(_findings);

    /// <summary>The whole scan: parse, evaluate, build and serialize.</summary>
    [Benchmark]
    public long ParseEvaluateSerialize()
    {
        var (_, findings) = SyntheticAccount.Scan(_csv);
        return ImportBodies.Serialize(findings);
    }
}

/// <summary>
/// The findings as the BatchImportFindings request bodies the Security Hub writer sends: packed by production's
/// <see cref="ImportBodyPacker"/> (100 findings or 6 MB a body, each finding written once through the source-generated
/// <see cref="AsffJsonContext"/>).
/// </summary>
public static class ImportBodies
{
    /// <summary>
    /// SHA-256 of the import bodies of the findings taken in (product ARN, id) order: what the core produces, whatever
    /// order the catalogue evaluates its checks in.
    /// </summary>
    public static string Hash(IReadOnlyList<AsffFinding> findings)
    {
        using var hash = System.Security.Cryptography.IncrementalHash.CreateHash(System.Security.Cryptography.HashAlgorithmName.SHA256);
        using var packer = new ImportBodyPacker();
        var ordered = findings.OrderBy(f => f.ProductArn, StringComparer.Ordinal).ThenBy(f => f.Id, StringComparer.Ordinal).ToList();
        foreach (var body in packer.Pack(ordered))
        {
            hash.AppendData(body.Json.Span);
        }

        return Convert.ToHexStringLower(hash.GetHashAndReset());
    }

    /// <summary>Packs every body, as <c>{"Findings":[…]}</c>, and returns the total size in bytes.</summary>
    public static long Serialize(IReadOnlyList<AsffFinding> findings)
    {
        long total = 0;
        using var packer = new ImportBodyPacker();
        foreach (var body in packer.Pack(findings))
        {
            total += body.Json.Length;
        }

        return total;
    }
}
