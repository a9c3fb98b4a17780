using Auditor.Core.Evidence;
using Auditor.Core.Findings;

namespace Auditor.Core.Model;

/// <summary>
/// The root user's MFA and access-key state. The credential report's root row is the source while the report is
/// fresh; the IAM account summary (<c>AccountMFAEnabled</c>, <c>AccountAccessKeysPresent</c>, read live on every
/// run) answers instead when the report is stale (<see cref="AccountSnapshot.CredentialReportStale"/>) or has no
/// root row (some emulators).
/// </summary>
public sealed record RootCredentials(bool MfaActive, bool AccessKeysPresent, string Source, EvidenceOrigin Origin)
{
    public const string FromReport = "credential report root row";
    public const string FromSummary = "IAM account summary";

    /// <summary>The root state, or null with the reason it could not be read.</summary>
    public static RootCredentials? From(AccountSnapshot snapshot, out string failureCode, out string failureReason)
    {
        failureCode = string.Empty;
        failureReason = string.Empty;
        var reportRead = snapshot.Get(EvidenceKinds.CredentialReport);
        var summaryRead = snapshot.Get(EvidenceKinds.AccountSummary);
        var report = reportRead.Value;
        var summary = summaryRead.Value;
        if (report?.Root is { } root && !(snapshot.CredentialReportStale && summary is not null))
        {
            return new RootCredentials(root.MfaActive, root.AccessKey1.Active || root.AccessKey2.Active, FromReport, EvidenceOrigin.OfRow(report, root));
        }

        if (summary is not null)
        {
            return new RootCredentials(summary.AccountMfaEnabled, summary.AccountAccessKeysPresent, FromSummary, EvidenceOrigin.Live(snapshot.CollectedAt));
        }

        if (!reportRead.Succeeded)
        {
            failureCode = reportRead.FailureCode ?? "NoRootData";
            failureReason = $"the credential report could not be read: {reportRead.FailureReason}";
        }
        else
        {
            failureCode = summaryRead.FailureCode ?? "NoRootData";
            failureReason = $"the credential report has no root row and the IAM account summary could not be read: {summaryRead.FailureReason}";
        }

        return null;
    }
}
