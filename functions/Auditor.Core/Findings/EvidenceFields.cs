namespace Auditor.Core.Findings;

/// <summary>The <c>ProductFields</c> keys Auditor writes on every finding.</summary>
public static class EvidenceFields
{
    public const string CheckId = "auditor/CheckId";
    public const string Region = "auditor/Region";
    public const string SecurityHubControlId = "auditor/SecurityHubControlId";
    public const string Source = "auditor/EvidenceSource";
    public const string Time = "auditor/EvidenceTime";

    /// <summary>The content fingerprint of the finding as Auditor wrote it (<see cref="FindingFingerprint"/>).</summary>
    public const string Fingerprint = "auditor/Fingerprint";
    public const string ProviderName = "ProviderName";

    public const string CredentialReportSource = "iam-credential-report";
    public const string LiveSource = "live-api";
    public const string CloudTrailSource = "cloudtrail-lookup-events";
}
