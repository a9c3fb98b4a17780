using Auditor.Aws.Http;
using Auditor.Aws.Iam;
using Auditor.Core.Evidence;
using Auditor.Core.Model;

namespace Auditor.Aws.Evidence.Readers;

/// <summary>
/// The IAM credential report, generated if need be and read once it is complete. It serves two kinds: the report as
/// generated (the root row) and the users' rows, which the confirm stage may then confirm live when the report is stale.
/// </summary>
public sealed class CredentialReportReader : IEvidenceReader
{
    public IReadOnlyList<EvidenceKind> Kinds { get; } = [EvidenceKinds.CredentialReport, EvidenceKinds.IamUsers];

    public IReadOnlyList<AwsOperation> Operations { get; } = [IamClient.GenerateCredentialReport, IamClient.GetCredentialReport];

    public async Task<Func<AccountSnapshot, AccountSnapshot>> ReadAsync(EvidenceReadContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var report = await context.GatherAsync(() => context.Clients.Iam().GetCompleteCredentialReportAsync(context.Token)).ConfigureAwait(false);
        return snapshot => snapshot.With(EvidenceKinds.CredentialReport, report).With(EvidenceKinds.IamUsers, report);
    }
}
