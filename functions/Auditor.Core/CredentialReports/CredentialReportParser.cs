using System.Globalization;

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
/// <remarks>
/// Reports of large accounts have hundreds of thousands of rows, so the parser works on spans of the CSV text:
/// column positions are resolved once from the header, a field is a slice of the text unless it is quoted, dates
/// in IAM's own format are read digit by digit (any other accepted ISO 8601 form goes through
/// <see cref="DateTimeOffset.TryParseExact(ReadOnlySpan{char}, string[], IFormatProvider?, DateTimeStyles, out DateTimeOffset)"/>),
/// and only the strings a row keeps are allocated.
/// </remarks>
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

        var records = new CsvRecords(csv);
        if (!records.MoveNext())
        {
            throw new CredentialReportFormatException("The credential report is empty: it has no header line.");
        }

        var headerCount = records.Count;
        var columns = new Dictionary<string, int>(StringComparer.OrdinalIgnoreCase);
        for (var i = 0; i < headerCount; i++)
        {
            var name = records.Field(i).Trim().ToString();
            if (!columns.TryAdd(name, i) && RequiredColumns.Contains(name, StringComparer.OrdinalIgnoreCase))
            {
                throw new CredentialReportFormatException($"The credential report header has the column {name} twice.");
            }
        }

        var missing = RequiredColumns.Where(c => !columns.ContainsKey(c)).ToList();
        if (missing.Count > 0)
        {
            throw new CredentialReportFormatException(
                $"The credential report header lacks the column(s) {string.Join(", ", missing)}.");
        }

        var layout = new Layout(columns);
        var tokens = new HashSet<string>(StringComparer.Ordinal).GetAlternateLookup<ReadOnlySpan<char>>();
        CredentialReportRow? root = null;
        var users = new List<CredentialReportRow>(Math.Max(16, csv.Length / 200));
        var seen = new Dictionary<string, int>(StringComparer.Ordinal);
        while (records.MoveNext())
        {
            if (records.Count == 1 && records.Field(0).Length == 0)
            {
                continue;
            }

            if (records.Count != headerCount)
            {
                throw new CredentialReportFormatException(
                    $"Credential report line {records.Line} has {records.Count} fields; the header has {headerCount}.");
            }

            var row = new RowReader(layout, records, tokens).Read();

            // One row per principal: a repeated one cannot be understood (which row is right?) and would give two
            // results for one finding.
            var principal = row.IsRoot ? RootUserName : row.Arn;
            if (!seen.TryAdd(principal, records.Line))
            {
                throw new CredentialReportFormatException(
                    $"Credential report line {records.Line} repeats {(row.IsRoot ? "the root row" : $"the user {Shorten(row.User)}")} of line {seen[principal]}.");
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

    /// <summary>Where each column the parser reads is, resolved once from the header; -1 for an absent optional column.</summary>
    private sealed class Layout(Dictionary<string, int> columns)
    {
        public readonly int User = columns["user"];
        public readonly int Arn = columns["arn"];
        public readonly int UserCreationTime = columns["user_creation_time"];
        public readonly int PasswordEnabled = columns["password_enabled"];
        public readonly int PasswordLastUsed = columns["password_last_used"];
        public readonly int PasswordLastChanged = columns.GetValueOrDefault("password_last_changed", -1);
        public readonly int MfaActive = columns["mfa_active"];
        public readonly KeyLayout Key1 = new(columns, 1);
        public readonly KeyLayout Key2 = new(columns, 2);
    }

    private sealed class KeyLayout(Dictionary<string, int> columns, int n)
    {
        public readonly string ActiveName = $"access_key_{n}_active";
        public readonly string LastRotatedName = $"access_key_{n}_last_rotated";
        public readonly string LastUsedDateName = $"access_key_{n}_last_used_date";
        public readonly int Active = columns[$"access_key_{n}_active"];
        public readonly int LastRotated = columns[$"access_key_{n}_last_rotated"];
        public readonly int LastUsedDate = columns[$"access_key_{n}_last_used_date"];
        public readonly int LastUsedRegion = columns.GetValueOrDefault($"access_key_{n}_last_used_region", -1);
        public readonly int LastUsedService = columns.GetValueOrDefault($"access_key_{n}_last_used_service", -1);
    }

    private readonly ref struct RowReader(Layout layout, CsvRecords record, HashSet<string>.AlternateLookup<ReadOnlySpan<char>> tokens)
    {
        public CredentialReportRow Read()
        {
            var user = Text(layout.User);
            if (user.Length == 0)
            {
                throw Error("user", "is empty");
            }

            var isRoot = user.SequenceEqual(RootUserName);
            return new CredentialReportRow
            {
                User = isRoot ? RootUserName : user.ToString(),
                Arn = Text(layout.Arn).ToString(),
                UserCreationTime = Date(layout.UserCreationTime, "user_creation_time"),
                PasswordEnabled = !isRoot && Bool(layout.PasswordEnabled, "password_enabled"),
                PasswordLastUsed = Date(layout.PasswordLastUsed, "password_last_used"),
                PasswordLastChanged = layout.PasswordLastChanged < 0 ? null : Date(layout.PasswordLastChanged, "password_last_changed"),
                MfaActive = Bool(layout.MfaActive, "mfa_active"),
                AccessKey1 = Key(layout.Key1),
                AccessKey2 = Key(layout.Key2),
            };
        }

        private AccessKeyColumns Key(KeyLayout key)
        {
            var active = Bool(key.Active, key.ActiveName);
            var lastRotated = Date(key.LastRotated, key.LastRotatedName);
            var lastUsedDate = Date(key.LastUsedDate, key.LastUsedDateName);
            var region = OptionalToken(key.LastUsedRegion);
            var service = OptionalToken(key.LastUsedService);
            return !active && lastRotated is null && lastUsedDate is null && region is null && service is null
                ? AccessKeyColumns.None
                : new AccessKeyColumns(active, lastRotated, lastUsedDate, region, service);
        }

        private ReadOnlySpan<char> Text(int index) => record.Field(index).Trim();

        /// <summary>A short repeated value (a region, a service name): one string per distinct value.</summary>
        private string? OptionalToken(int index)
        {
            if (index < 0)
            {
                return null;
            }

            var value = Text(index);
            if (IsAbsentToken(value))
            {
                return null;
            }

            if (!tokens.TryGetValue(value, out var token))
            {
                token = value.ToString();
                tokens.Add(token);
            }

            return token;
        }

        private bool Bool(int index, string column)
        {
            var value = Text(index);
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

        private DateTimeOffset? Date(int index, string column)
        {
            var value = Text(index);
            if (IsAbsentToken(value))
            {
                return null;
            }

            if (TryParseIamDate(value, out var parsed)
                || DateTimeOffset.TryParseExact(value, IsoDateFormats, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out parsed))
            {
                return parsed;
            }

            throw Error(column, $"has '{Shorten(value)}' where an ISO 8601 date with an offset (2026-11-23T17:45:00+00:00), N/A, no_information or not_supported was expected");
        }

        private CredentialReportFormatException Error(string column, string problem) =>
            new($"Credential report line {record.Line}, column {column}, {problem}.");
    }

    private static string Shorten(ReadOnlySpan<char> value) => value.Length <= 40 ? value.ToString() : string.Concat(value[..40], "…");

    /// <summary>
    /// IAM's own date forms, <c>2025-11-20T03:00:00+00:00</c> and <c>2025-11-20T03:00:00Z</c>, read without the
    /// exact ISO 8601 formats; false for anything else (which <see cref="IsoDateFormats"/> then decide).
    /// </summary>
    private static bool TryParseIamDate(ReadOnlySpan<char> value, out DateTimeOffset parsed)
    {
        parsed = default;
        if (!(value.Length == 25 && value[19..].SequenceEqual("+00:00")) && !(value.Length == 20 && value[19] == 'Z'))
        {
            return false;
        }

        if (value[4] != '-' || value[7] != '-' || value[10] != 'T' || value[13] != ':' || value[16] != ':'
            || !Digits(value, 0, 4, out var year) || !Digits(value, 5, 2, out var month) || !Digits(value, 8, 2, out var day)
            || !Digits(value, 11, 2, out var hour) || !Digits(value, 14, 2, out var minute) || !Digits(value, 17, 2, out var second)
            || year < 1 || month is < 1 or > 12 || day < 1 || day > DateTime.DaysInMonth(year, month) || hour > 23 || minute > 59 || second > 59)
        {
            return false;
        }

        parsed = new DateTimeOffset(year, month, day, hour, minute, second, TimeSpan.Zero);
        return true;
    }

    private static bool Digits(ReadOnlySpan<char> text, int start, int count, out int value)
    {
        value = 0;
        for (var i = start; i < start + count; i++)
        {
            var digit = text[i] - '0';
            if ((uint)digit > 9)
            {
                return false;
            }

            value = (value * 10) + digit;
        }

        return true;
    }

    private static bool IsAbsentToken(ReadOnlySpan<char> value) =>
        value.Length == 0
        || value.Equals("N/A", StringComparison.OrdinalIgnoreCase)
        || value.Equals("no_information", StringComparison.OrdinalIgnoreCase)
        || value.Equals("not_supported", StringComparison.OrdinalIgnoreCase);

    /// <summary>
    /// Splits RFC 4180 CSV into records, one at a time; a quoted field may hold commas, quotes and line breaks.
    /// A plain field is a slice of the text; a field with quotes or a carriage return is copied out as it is read.
    /// </summary>
    private sealed class CsvRecords(string csv)
    {
        private readonly List<(int Start, int Length, string? Text)> _fields = [];
        private readonly System.Text.StringBuilder _copy = new();
        private int _position;
        private int _line = 1;

        /// <summary>The physical line the current record starts on.</summary>
        public int Line { get; private set; } = 1;

        public int Count => _fields.Count;

        public ReadOnlySpan<char> Field(int index)
        {
            var (start, length, text) = _fields[index];
            return text is null ? csv.AsSpan(start, length) : text.AsSpan();
        }

        public bool MoveNext()
        {
            _fields.Clear();
            Line = _line;
            var inQuotes = false;
            var copying = false;
            var fieldStart = _position;
            var i = _position;
            while (i < csv.Length)
            {
                var c = csv[i];
                if (inQuotes)
                {
                    if (c == '"')
                    {
                        if (i + 1 < csv.Length && csv[i + 1] == '"')
                        {
                            _copy.Append('"');
                            i += 2;
                            continue;
                        }

                        inQuotes = false;
                    }
                    else
                    {
                        if (c == '\n')
                        {
                            _line++;
                        }

                        _copy.Append(c);
                    }

                    i++;
                    continue;
                }

                switch (c)
                {
                    case ',':
                        EndField(fieldStart, i, copying);
                        copying = false;
                        fieldStart = i + 1;
                        break;
                    case '\n':
                        EndField(fieldStart, i, copying);
                        _line++;
                        _position = i + 1;
                        return true;
                    case '"' when (copying ? _copy.Length : i - fieldStart) == 0:
                        copying = StartCopy(fieldStart, i, copying);
                        inQuotes = true;
                        break;
                    case '\r':
                        copying = StartCopy(fieldStart, i, copying);
                        break;
                    default:
                        if (copying)
                        {
                            _copy.Append(c);
                        }

                        break;
                }

                i++;
            }

            _position = csv.Length;
            if (inQuotes)
            {
                throw new CredentialReportFormatException($"Credential report line {Line} has a quoted field that is never closed.");
            }

            var length = copying ? _copy.Length : i - fieldStart;
            if (length > 0 || _fields.Count > 0)
            {
                EndField(fieldStart, i, copying);
                return true;
            }

            return false;
        }

        /// <summary>From here on the field is copied character by character (it holds quotes or a carriage return).</summary>
        private bool StartCopy(int fieldStart, int i, bool copying)
        {
            if (!copying)
            {
                _copy.Clear();
                _copy.Append(csv, fieldStart, i - fieldStart);
            }

            return true;
        }

        private void EndField(int fieldStart, int end, bool copying) =>
            _fields.Add(copying ? (0, 0, _copy.ToString()) : (fieldStart, end - fieldStart, null));
    }
}
