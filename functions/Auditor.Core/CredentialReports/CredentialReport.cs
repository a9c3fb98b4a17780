namespace Auditor.Core.CredentialReports;

/// <summary>An IAM credential report: the root row (absent in some emulators) and one row per IAM user.</summary>
public sealed record CredentialReport(DateTimeOffset GeneratedTime, CredentialReportRow? Root, IReadOnlyList<CredentialReportRow> Users);
