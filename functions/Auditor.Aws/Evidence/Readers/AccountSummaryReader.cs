using Auditor.Aws.Http;
using Auditor.Aws.Iam;
using Auditor.Core.Evidence;
using Auditor.Core.Model;

namespace Auditor.Aws.Evidence.Readers;

/// <summary>The IAM account summary (<c>GetAccountSummary</c>): the root user's MFA and access keys, live.</summary>
public sealed class AccountSummaryReader() : AccountEvidenceReader<AccountSummary>(EvidenceKinds.AccountSummary)
{
    public override IReadOnlyList<AwsOperation> Operations { get; } = [IamClient.GetAccountSummary];

    protected override Task<AccountSummary> ReadAsync(EvidenceReadContext context, CancellationToken cancellationToken) =>
        context.Clients.Iam().GetAccountSummaryAsync(cancellationToken);
}
