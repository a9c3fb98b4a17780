using Auditor.Core.CredentialReports;

namespace Auditor.Core.Tests.Support;

/// <summary>The CSV files under Fixtures/, copied beside the test assembly.</summary>
internal static class Fixture
{
    public const string RealReport = "account-with-root-row-and-problem-users.csv";
    public const string MotoReport = "moto-report-without-root-row.csv";
    public const string RootUsedRecently = "root-used-recently-with-access-key.csv";
    public const string RootOnly = "root-only-account.csv";

    public static string Text(string name) => File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "Fixtures", name));

    public static CredentialReport Report(string name) => CredentialReportParser.Parse(Text(name), TestClock.ReportGeneratedAt);
}
