using Auditor.Aws.Http;
using Auditor.Aws.Iam;
using Auditor.Core.Evidence;
using Auditor.Core.Model;

namespace Auditor.Aws.Evidence.Readers;

/// <summary>The account's password policy (<c>GetAccountPasswordPolicy</c>); an account without one reads as <see cref="AccountPasswordPolicy.None"/>.</summary>
public sealed class PasswordPolicyReader() : AccountEvidenceReader<AccountPasswordPolicy>(EvidenceKinds.PasswordPolicy)
{
    public override IReadOnlyList<AwsOperation> Operations { get; } = [IamClient.GetAccountPasswordPolicy];

    protected override Task<AccountPasswordPolicy> ReadAsync(EvidenceReadContext context, CancellationToken cancellationToken) =>
        context.Clients.Iam().GetAccountPasswordPolicyAsync(cancellationToken);
}
