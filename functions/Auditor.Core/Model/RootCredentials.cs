using Auditor.Core.CredentialReports;

namespace Auditor.Core.Model;

/// <summary>
/// The root user's MFA and access-key state. The credential report's root row is the source; where a report
/// has no root row (some emulators), the IAM account summary (<c>AccountMFAEnabled</c>,
/// <c>AccountAccessKeysPresent</c>) answers instead.
/// </summary>
public sealed record RootCredentials(bool MfaActive, bool AccessKeysPresent, string Source)
{
    public const string FromReport = "credential report root row";
    public const string FromSummary = "IAM account summary";

    /// <summary>The root state, or null with the reason it could not be read.</summary>
    public static RootCredentials? From(AccountSnapshot snapshot, out string failureCode, out string failureReason)
    {
        failureCode = string.Empty;
        failureReason = string.Empty;
        if (snapshot.CredentialReport.Value?.Root is { } root)
        {
            return FromRow(root);
        }

        if (snapshot.AccountSummary.Value is { } summary)
        {
            return new RootCredentials(summary.AccountMfaEnabled, summary.AccountAccessKeysPresent, FromSummary);
        }

        var failed = !snapshot.CredentialReport.Succeeded ? (Gathered: "credential report", snapshot.CredentialReport.FailureCode, snapshot.CredentialReport.FailureReason)
            : (Gathered: "IAM account summary", snapshot.AccountSummary.FailureCode, snapshot.AccountSummary.FailureReason);
        failureCode = failed.FailureCode ?? "NoRootData";
        failureReason = snapshot.CredentialReport.Succeeded && !snapshot.AccountSummary.Succeeded
            ? $"the credential report has no root row and the IAM account summary could not be read: {snapshot.AccountSummary.FailureReason}"
            : $"the {failed.Gathered} could not be read: {failed.FailureReason}";
        return null;
    }

    private static RootCredentials FromRow(CredentialReportRow root) =>
        new(root.MfaActive, root.AccessKey1.Active || root.AccessKey2.Active, FromReport);
}
