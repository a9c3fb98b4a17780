using Auditor.Core.Evidence;
using Auditor.Core.Model;
using static Auditor.Core.Checks.CheckResults;

namespace Auditor.Core.Checks;

/// <summary>The root user's MFA is a hardware or FIDO device, not a virtual one (CIS 1.6, Security Hub IAM.6).</summary>
internal sealed class RootHardwareMfaCheck : ICheck
{
    public CheckMetadata Metadata { get; } = new()
    {
        Id = "root.hardware-mfa",
        Title = "Root user has hardware MFA enabled",
        Severity = Severity.Critical,
        Scope = CheckScope.Global,
        Reads = [EvidenceKinds.CredentialReport, EvidenceKinds.AccountSummary, EvidenceKinds.VirtualMfaDevices],
        CisRequirement = "1.6",
        SecurityHubControlId = "IAM.6",
        Remediation = "Replace the root user's virtual MFA device with a FIDO security key or a hardware TOTP token: sign in as root, open Security credentials, remove the virtual device and assign the hardware one.",
        RemediationUrl = new Uri("https://docs.aws.amazon.com/IAM/latest/UserGuide/enable-hw-mfa-for-root.html"),
        Types = [FindingTypes.Cis],
    };

    public IEnumerable<CheckResult> Evaluate(AccountSnapshot snapshot, AuditSettings settings, DateTimeOffset now)
    {
        var root = RootCredentials.From(snapshot, out var code, out var reason);
        if (root is null)
        {
            yield return NotAvailable(Metadata, snapshot, code, reason);
            yield break;
        }

        if (!root.MfaActive)
        {
            yield return Result(Metadata, ComplianceStatus.Failed, Account(snapshot), "The root user has no MFA device at all.", origin: root.Origin);
            yield break;
        }

        var devices = snapshot.Get(EvidenceKinds.VirtualMfaDevices);
        if (!devices.Succeeded)
        {
            yield return NotAvailable(Metadata, snapshot, devices.FailureCode!, $"the virtual MFA devices could not be listed: {devices.FailureReason}");
            yield break;
        }

        var virtualRoot = devices.Value!.FirstOrDefault(d => d.IsAssignedToRoot);
        yield return virtualRoot is null
            ? Result(Metadata, ComplianceStatus.Passed, Account(snapshot), "The root user's MFA device is a hardware or FIDO device.", origin: root.Origin)
            : Result(
                Metadata,
                ComplianceStatus.Failed,
                Account(snapshot),
                $"The root user's MFA device is the virtual device {virtualRoot.SerialNumber}.",
                evidence: new EvidenceMap { ["auditor/VirtualMFADevice"] = virtualRoot.SerialNumber },
                origin: root.Origin);
    }
}
