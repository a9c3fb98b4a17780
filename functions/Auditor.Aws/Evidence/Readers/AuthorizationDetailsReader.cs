using Auditor.Aws.Http;
using Auditor.Aws.Iam;
using Auditor.Core.Evidence;
using Auditor.Core.Model;

namespace Auditor.Aws.Evidence.Readers;

/// <summary>
/// The account's users, groups, roles and customer managed policies (<c>GetAccountAuthorizationDetails</c>, every
/// page): calls grow with their number divided by the page size, never one per user, role or policy.
/// </summary>
public sealed class AuthorizationDetailsReader() : AccountEvidenceReader<AuthorizationDetails>(EvidenceKinds.AuthorizationDetails)
{
    public override IReadOnlyList<AwsOperation> Operations { get; } = [IamClient.GetAccountAuthorizationDetails];

    protected override Task<AuthorizationDetails> ReadAsync(EvidenceReadContext context, CancellationToken cancellationToken) =>
        context.Clients.Iam().GetAccountAuthorizationDetailsAsync(cancellationToken);
}
