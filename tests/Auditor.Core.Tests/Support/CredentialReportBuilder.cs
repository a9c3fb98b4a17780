using System.Text;
using Auditor.Core.CredentialReports;

namespace Auditor.Core.Tests.Support;

/// <summary>Builds credential report CSV text shaped like IAM's, for tests that need many variants.</summary>
internal sealed class CredentialReportBuilder
{
    public static readonly IReadOnlyList<string> Columns =
    [
        "user", "arn", "user_creation_time", "password_enabled", "password_last_used", "password_last_changed",
        "password_next_rotation", "mfa_active", "access_key_1_active", "access_key_1_last_rotated",
        "access_key_1_last_used_date", "access_key_1_last_used_region", "access_key_1_last_used_service",
        "access_key_2_active", "access_key_2_last_rotated", "access_key_2_last_used_date",
        "access_key_2_last_used_region", "access_key_2_last_used_service", "cert_1_active", "cert_1_last_rotated",
        "cert_2_active", "cert_2_last_rotated",
    ];

    public static readonly string Header = string.Join(",", Columns);

    private readonly List<ReportRow> _rows = [];
    private ReportRow? _root = ReportRow.ForRoot();

    public CredentialReportBuilder WithoutRootRow()
    {
        _root = null;
        return this;
    }

    public CredentialReportBuilder Root(Action<ReportRow> configure)
    {
        _root ??= ReportRow.ForRoot();
        configure(_root);
        return this;
    }

    public CredentialReportBuilder User(string name, Func<ReportRow, ReportRow>? configure = null)
    {
        var row = ReportRow.ForUser(name);
        _rows.Add(configure is null ? row : configure(row));
        return this;
    }

    public CredentialReportBuilder Row(ReportRow row)
    {
        _rows.Add(row);
        return this;
    }

    /// <summary>The CSV as IAM sends it: header, root row first, LF line ends, a final line break.</summary>
    public string ToCsv(string newline = "\n")
    {
        var csv = new StringBuilder(Header).Append(newline);
        foreach (var row in _root is null ? _rows : _rows.Prepend(_root))
        {
            csv.Append(string.Join(",", row.Fields.Select(Quote))).Append(newline);
        }

        return csv.ToString();
    }

    public CredentialReport Build() => CredentialReportParser.Parse(ToCsv(), TestClock.ReportGeneratedAt);

    public static string Quote(string field) =>
        field.IndexOfAny([',', '"', '\n', '\r']) < 0 ? field : "\"" + field.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"";
}
