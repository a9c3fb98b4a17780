using Auditor.Core.CredentialReports;
using Auditor.Core.Model;

namespace Auditor.Core.Evidence;

/// <summary>
/// Every kind of evidence a check may read. A check names what it reads in its metadata; the AWS adapters map each
/// kind to the one reader that fetches it (a test holds the two lists together). A new kind is a line here, its
/// model, and one reader.
/// </summary>
public static class EvidenceKinds
{
    /// <summary>The credential report as IAM generated it; the root checks read its root row.</summary>
    public static readonly EvidenceKind<CredentialReport> CredentialReport = new(
        "CredentialReport", "the IAM credential report");

    /// <summary>
    /// The account's IAM users one by one: the credential report's user rows, read with the report. When the report is
    /// stale, the rows the report makes FAILED or that changed since the last run are confirmed with live IAM calls,
    /// and users created or deleted since are added or dropped, before any check reads them.
    /// </summary>
    public static readonly EvidenceKind<CredentialReport> IamUsers = new(
        "IamUsers", "the IAM users' credentials, from the credential report's user rows (confirmed live when the report is stale)");

    public static readonly EvidenceKind<AccountSummary> AccountSummary = new(
        "AccountSummary", "the IAM account summary, read live on every run");

    public static readonly EvidenceKind<IReadOnlyList<VirtualMfaDevice>> VirtualMfaDevices = new(
        "VirtualMfaDevices", "every virtual MFA device of the account");

    public static readonly RegionalEvidenceKind<IReadOnlyList<GuardDutyDetector>> GuardDutyDetectors = new(
        "GuardDutyDetectors", "the GuardDuty detectors of each audited region");

    public static readonly EvidenceKind<ShieldSubscription> ShieldSubscription = new(
        "ShieldSubscription", "the Shield Advanced subscription");

    /// <summary>
    /// The root user's CloudTrail events within the look-back, one value per region asked: the audited regions and the
    /// region where IAM, STS and console sign-in events are recorded, even when it is not audited.
    /// </summary>
    public static readonly RegionalEvidenceKind<RootEventLookup> RootCloudTrailEvents = new(
        "RootCloudTrailEvents", "the root user's CloudTrail events within the look-back, per region");

    /// <summary>Every trail, with the CloudWatch Logs metric filters and alarms of those that qualify for root-usage alarms.</summary>
    public static readonly EvidenceKind<IReadOnlyList<TrailMonitoring>> RootUsageMonitoring = new(
        "RootUsageMonitoring", "the trails, with their log groups' metric filters and alarms");

    /// <summary>
    /// The account's users, groups, roles and customer managed policies with their inline policies, attachments and
    /// trust policies: one walk of IAM <c>GetAccountAuthorizationDetails</c>, every page.
    /// </summary>
    public static readonly EvidenceKind<AuthorizationDetails> AuthorizationDetails = new(
        "AuthorizationDetails", "the IAM users, groups, roles and customer managed policies with their policy documents");

    /// <summary>The account's password policy, or none.</summary>
    public static readonly EvidenceKind<AccountPasswordPolicy> PasswordPolicy = new(
        "PasswordPolicy", "the IAM account password policy");
    /// <summary>The KMS keys of each audited region, described, with the rotation of those automatic rotation applies to.</summary>
    public static readonly RegionalEvidenceKind<IReadOnlyList<KmsKey>> KmsKeys = new(
        "KmsKeys", "the KMS keys of each audited region, with their state and rotation");

    /// <summary>Amazon Inspector's status for the account in each audited region, with each resource type's scanning.</summary>
    public static readonly RegionalEvidenceKind<InspectorStatus> InspectorStatus = new(
        "InspectorStatus", "Amazon Inspector's status and scan types in each audited region");

    /// <summary>The IAM Access Analyzer analyzers of each audited region, of every type.</summary>
    public static readonly RegionalEvidenceKind<IReadOnlyList<AccessAnalyzer>> AccessAnalyzers = new(
        "AccessAnalyzers", "the IAM Access Analyzer analyzers of each audited region");

    public static readonly EvidenceKind<OrganizationMembership> OrganizationMembership = new(
        "OrganizationMembership", "the AWS Organization the account belongs to");
}
