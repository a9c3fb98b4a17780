using System.Globalization;
using System.Text;

namespace Auditor.Core.CredentialReports;

/// <summary>
/// Parses the IAM credential report CSV by header name. Accepts what real reports contain: the
/// <c>&lt;root_account&gt;</c> row, <c>N/A</c>, <c>no_information</c>, <c>not_supported</c> in date columns,
/// <c>true</c>/<c>false</c> in any case (and <c>not_supported</c> in the root row's <c>password_enabled</c>),
/// ISO 8601 dates with <c>Z</c> or an offset (<c>2026-11-23T17:45:00+00:00</c>, fractions of a second allowed),
/// RFC 4180 quoted fields, a leading byte-order mark, LF or CRLF. Anything else (a date such as
/// <c>11/24/2026</c> or one without an offset, a boolean such as <c>yes</c> or <c>N/A</c>) is a
/// <see cref="CredentialReportFormatException"/> naming the line and column, never a guess and never a
/// silently skipped row.
/// </summary>
public static class CredentialReportParser
{
    public const string RootUserName = "<root_account>";

    private static readonly string[] RequiredColumns =
    [
        "user", "arn", "user_creation_time", "password_enabled", "password_last_used", "mfa_active",
        "access_key_1_active", "access_key_1_last_rotated", "access_key_1_last_used_date",
        "access_key_2_active", "access_key_2_last_rotated", "access_key_2_last_used_date",
    ];

    // Real reports write +00:00; Z and other offsets are the same instant. A date without an offset is ambiguous.
    private static readonly string[] IsoDateFormats =
    [
        "yyyy-MM-dd'T'HH:mm:sszzz", "yyyy-MM-dd'T'HH:mm:ss.FFFFFFFzzz", "yyyy-MM-dd'T'HH:mm:ss'Z'", "yyyy-MM-dd'T'HH:mm:ss.FFFFFFF'Z'",
    ];

    public static CredentialReport Parse(string csv, DateTimeOffset generatedTime)
    {
        ArgumentNullException.ThrowIfNull(csv);
        if (csv.Length > 0 && csv[0] == '\uFEFF')
        {
            csv = csv[1..];
        }
        using var records = ReadRecords(csv).GetEnumerator();
        if (!records.MoveNext())
        {
            throw new CredentialReportFormatException("The credential report is empty: it has no header line.");
        }

        var header = records.Current.Fields;
        var columns = new Dictionary<string, int>(StringComparer.OrdinalIgnoreCase);
        for (var i = 0; i < header.Count; i++)
        {
            if (!columns.TryAdd(header[i].Trim(), i) && RequiredColumns.Contains(header[i].Trim(), StringComparer.OrdinalIgnoreCase))
            {
                throw new CredentialReportFormatException($"The credential report header has the column {header[i].Trim()} twice.");
            }
        }

        var missing = RequiredColumns.Where(c => !columns.ContainsKey(c)).ToList();
        if (missing.Count > 0)
        {
            throw new CredentialReportFormatException(
                $"The credential report header lacks the column(s) {string.Join(", ", missing)}.");
        }

        CredentialReportRow? root = null;
        var users = new List<CredentialReportRow>();
        var seen = new Dictionary<string, int>(StringComparer.Ordinal);
        while (records.MoveNext())
        {
            var (line, fields) = records.Current;
            if (fields.Count == 1 && fields[0].Length == 0)
            {
                continue;
            }

            if (fields.Count != header.Count)
            {
                throw new CredentialReportFormatException(
                    $"Credential report line {line} has {fields.Count} fields; the header has {header.Count}.");
            }

            var row = new RowReader(columns, fields, line).Read();

            // One row per principal: a repeated one cannot be understood (which row is right?) and would give two
            // results for one finding.
            if (!seen.TryAdd(row.IsRoot ? RootUserName : row.Arn, line))
            {
                throw new CredentialReportFormatException(
                    $"Credential report line {line} repeats {(row.IsRoot ? "the root row" : $"the user {Shorten(row.User)}")} of line {seen[row.IsRoot ? RootUserName : row.Arn]}.");
            }

            if (row.IsRoot)
            {
                root = row;
            }
            else
            {
                users.Add(row);
            }
        }

        return new CredentialReport(generatedTime, root, users);
    }

    private readonly struct RowReader(Dictionary<string, int> columns, List<string> fields, int line)
    {
        public CredentialReportRow Read()
        {
            var user = Text("user");
            if (user.Length == 0)
            {
                throw Error("user", "is empty");
            }

            var isRoot = user == RootUserName;
            return new CredentialReportRow
            {
                User = user,
                Arn = Text("arn"),
                UserCreationTime = Date("user_creation_time"),
                PasswordEnabled = !isRoot && Bool("password_enabled"),
                PasswordLastUsed = Date("password_last_used"),
                PasswordLastChanged = OptionalDate("password_last_changed"),
                MfaActive = Bool("mfa_active"),
                AccessKey1 = Key(1),
                AccessKey2 = Key(2),
            };
        }

        private AccessKeyColumns Key(int n) => new(
            Bool($"access_key_{n}_active"),
            Date($"access_key_{n}_last_rotated"),
            Date($"access_key_{n}_last_used_date"),
            OptionalToken($"access_key_{n}_last_used_region"),
            OptionalToken($"access_key_{n}_last_used_service"));

        private string Text(string column) => fields[columns[column]].Trim();

        private string? OptionalToken(string column)
        {
            if (!columns.TryGetValue(column, out var index))
            {
                return null;
            }

            var value = fields[index].Trim();
            return IsAbsentToken(value) ? null : value;
        }

        private bool Bool(string column)
        {
            var value = Text(column);
            if (value.Equals("true", StringComparison.OrdinalIgnoreCase))
            {
                return true;
            }

            if (value.Equals("false", StringComparison.OrdinalIgnoreCase))
            {
                return false;
            }

            // The root row's password columns are not_supported; anywhere else a boolean must be a boolean, or an
            // unreadable value would decide a check (an "N/A" key state read as false would pass key checks).
            if (column == "password_enabled" && value.Equals("not_supported", StringComparison.OrdinalIgnoreCase))
            {
                return false;
            }

            throw Error(column, $"has '{Shorten(value)}' where true or false was expected");
        }

        private DateTimeOffset? OptionalDate(string column) => columns.ContainsKey(column) ? Date(column) : null;

        private DateTimeOffset? Date(string column)
        {
            var value = Text(column);
            if (IsAbsentToken(value))
            {
                return null;
            }

            if (DateTimeOffset.TryParseExact(value, IsoDateFormats, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out var parsed))
            {
                return parsed;
            }

            throw Error(column, $"has '{Shorten(value)}' where an ISO 8601 date with an offset (2026-11-23T17:45:00+00:00), N/A, no_information or not_supported was expected");
        }

        private CredentialReportFormatException Error(string column, string problem) =>
            new($"Credential report line {line}, column {column}, {problem}.");
    }

    private static string Shorten(string value) => value.Length <= 40 ? value : value[..40] + "…";

    private static bool IsAbsentToken(string value) =>
        value.Length == 0
        || value.Equals("N/A", StringComparison.OrdinalIgnoreCase)
        || value.Equals("no_information", StringComparison.OrdinalIgnoreCase)
        || value.Equals("not_supported", StringComparison.OrdinalIgnoreCase);

    /// <summary>Splits RFC 4180 CSV into records; a quoted field may hold commas, quotes and line breaks.</summary>
    private static IEnumerable<(int Line, List<string> Fields)> ReadRecords(string csv)
    {
        var fields = new List<string>();
        var field = new StringBuilder();
        var line = 1;
        var recordLine = 1;
        var inQuotes = false;
        var i = 0;
        while (i < csv.Length)
        {
            var c = csv[i];
            if (inQuotes)
            {
                if (c == '"')
                {
                    if (i + 1 < csv.Length && csv[i + 1] == '"')
                    {
                        field.Append('"');
                        i += 2;
                        continue;
                    }

                    inQuotes = false;
                }
                else
                {
                    if (c == '\n')
                    {
                        line++;
                    }

                    field.Append(c);
                }

                i++;
                continue;
            }

            switch (c)
            {
                case '"' when field.Length == 0:
                    inQuotes = true;
                    break;
                case ',':
                    fields.Add(field.ToString());
                    field.Clear();
                    break;
                case '\r':
                    break;
                case '\n':
                    fields.Add(field.ToString());
                    field.Clear();
                    yield return (recordLine, fields);
                    fields = [];
                    line++;
                    recordLine = line;
                    break;
                default:
                    field.Append(c);
                    break;
            }

            i++;
        }

        if (inQuotes)
        {
            throw new CredentialReportFormatException($"Credential report line {recordLine} has a quoted field that is never closed.");
        }

        if (field.Length > 0 || fields.Count > 0)
        {
            fields.Add(field.ToString());
            yield return (recordLine, fields);
        }
    }
}
