using Auditor.Aws.Evidence;
using Auditor.Aws.Http;
using Auditor.Core.Auditing;
using Auditor.Core.Evidence;
using Auditor.Core.Model;

namespace Auditor.Aws.Tests.Support;

/// <summary>The collect stage run for given kinds of evidence, as the pipeline runs it for its checks.</summary>
internal static class TestEvidence
{
    /// <summary>A scope of an account and its regions, with no checks (the kinds to read are given).</summary>
    public static AuditScope Scope(string accountId, IReadOnlyList<string> regions, string partition = "aws") => new()
    {
        AccountId = accountId,
        Partition = partition,
        Regions = regions,
        SecurityHubRegion = "us-east-1",
        Checks = [],
    };

    public static Task<AccountSnapshot> CollectAsync(
        AwsClientFactory clients, string accountId, IReadOnlyList<string> regions, IEnumerable<EvidenceKind> kinds, RunBudget? budget = null, AuditSettings? settings = null) =>
        new EvidenceCollector(clients, settings ?? AuditSettings.Default, TimeProvider.System)
            .CollectAsync(Scope(accountId, regions, clients.Environment.Partition), kinds, budget ?? RunBudget.Unlimited, CancellationToken.None);
}
