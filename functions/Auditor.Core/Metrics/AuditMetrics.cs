using Auditor.Core.Changes;
using Auditor.Core.Findings;

namespace Auditor.Core.Metrics;

/// <summary>
/// The metrics of Auditor's runs as EMF documents, namespace <c>Auditor</c>, dimension <c>Function</c> plus one split
/// per document: per account run, findings by status and by severity, failing findings by check, new / regressed /
/// fixed, findings imported and left unchanged (what Security Hub bills), API calls, retries and duration; per worker batch, accounts audited and failed. No account id is a
/// dimension: a thousand accounts would make a thousand series of each metric.
/// </summary>
public static class AuditMetrics
{
    public const string Namespace = "Auditor";

    public static IReadOnlyList<EmfDocument> ForAccountRun(string function, IReadOnlyList<AsffFinding> findings, FindingChanges changes, FindingImports imports, int apiCalls, int retries, long durationMs, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(findings);
        ArgumentNullException.ThrowIfNull(changes);
        var documents = new List<EmfDocument>
        {
            new EmfDocument(Namespace, now, [new("Function", function)])
                .Add("AccountRuns", 1)
                .Add("Findings", findings.Count)
                .Add("FailingFindings", findings.Count(f => FindingChanges.IsFailing(f.Compliance?.Status)))
                .Add("NewFindings", changes.New.Count)
                .Add("RegressedFindings", changes.Regressed.Count)
                .Add("FixedFindings", changes.Fixed.Count)
                .Add("ArchivedFindings", changes.Archived.Count)
                .Add("ImportedFindings", imports.Imported)
                .Add("UnchangedFindings", imports.Unchanged)
                .Add("ApiCalls", apiCalls)
                .Add("Retries", retries)
                .Add("Duration", durationMs, EmfUnits.Milliseconds),
        };
        documents.AddRange(findings
            .GroupBy(f => f.Compliance?.Status ?? "NONE")
            .OrderBy(g => g.Key, StringComparer.Ordinal)
            .Select(g => new EmfDocument(Namespace, now, [new("Function", function), new("Status", g.Key)]).Add("FindingsByStatus", g.Count())));
        var failing = findings.Where(f => FindingChanges.IsFailing(f.Compliance?.Status)).ToList();
        documents.AddRange(failing
            .GroupBy(f => f.Severity.Label)
            .OrderBy(g => g.Key, StringComparer.Ordinal)
            .Select(g => new EmfDocument(Namespace, now, [new("Function", function), new("Severity", g.Key)]).Add("FailingFindingsBySeverity", g.Count())));
        documents.AddRange(failing
            .GroupBy(f => f.GeneratorId)
            .OrderBy(g => g.Key, StringComparer.Ordinal)
            .Select(g => new EmfDocument(Namespace, now, [new("Function", function), new("Check", g.Key)]).Add("FailingFindingsByCheck", g.Count())));
        return documents;
    }

    /// <summary>How many findings a run imported into Security Hub, and how many it left as Security Hub held them.</summary>
    public readonly record struct FindingImports(int Imported, int Unchanged);

    /// <summary>An account run that failed (the audit raised an error, or the worker could not audit the account).</summary>
    public static EmfDocument FailedAccountRun(string function, long durationMs, DateTimeOffset now) =>
        new EmfDocument(Namespace, now, [new("Function", function)]).Add("FailedAccountRuns", 1).Add("Duration", durationMs, EmfUnits.Milliseconds);

    public static EmfDocument ForBatch(string function, int audited, int failed, DateTimeOffset now) =>
        new EmfDocument(Namespace, now, [new("Function", function)]).Add("AccountsAudited", audited).Add("AccountsFailed", failed);
}
