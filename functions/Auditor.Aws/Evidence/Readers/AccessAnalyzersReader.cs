using Auditor.Aws.AccessAnalyzer;
using Auditor.Aws.Http;
using Auditor.Core.Evidence;

namespace Auditor.Aws.Evidence.Readers;

/// <summary>The IAM Access Analyzer analyzers of each audited region: <c>ListAnalyzers</c> (one call per region and page).</summary>
public sealed class AccessAnalyzersReader() : RegionalEvidenceReader<IReadOnlyList<Core.Model.AccessAnalyzer>>(EvidenceKinds.AccessAnalyzers)
{
    public override IReadOnlyList<AwsOperation> Operations { get; } = [AccessAnalyzerClient.ListAnalyzers];

    protected override Task<IReadOnlyList<Core.Model.AccessAnalyzer>> ReadAsync(EvidenceReadContext context, string region, CancellationToken cancellationToken) =>
        context.Clients.AccessAnalyzer(region).ListAnalyzersAsync(cancellationToken);
}
