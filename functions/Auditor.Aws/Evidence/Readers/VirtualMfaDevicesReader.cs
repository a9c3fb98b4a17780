using Auditor.Aws.Http;
using Auditor.Aws.Iam;
using Auditor.Core.Evidence;
using Auditor.Core.Model;

namespace Auditor.Aws.Evidence.Readers;

/// <summary>Every virtual MFA device of the account, assigned or not (<c>ListVirtualMFADevices</c>, every page).</summary>
public sealed class VirtualMfaDevicesReader() : AccountEvidenceReader<IReadOnlyList<VirtualMfaDevice>>(EvidenceKinds.VirtualMfaDevices)
{
    public override IReadOnlyList<AwsOperation> Operations { get; } = [IamClient.ListVirtualMFADevices];

    protected override Task<IReadOnlyList<VirtualMfaDevice>> ReadAsync(EvidenceReadContext context, CancellationToken cancellationToken) =>
        context.Clients.Iam().ListVirtualMFADevicesAsync(cancellationToken);
}
