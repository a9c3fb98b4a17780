using System.Diagnostics;
using Auditor.Core.CredentialReports;
using Auditor.Core.Tests.Support;

namespace Auditor.Core.Tests.CredentialReports;

/// <summary>
/// Reports no real IAM would send, and the odd things real ones do: every such input either parses to exactly
/// what it says or fails with an error naming the line and column. Never a crash, never a guess.
/// </summary>
public sealed class HostileCredentialReportTests
{
    private static readonly DateTimeOffset Generated = TestClock.ReportGeneratedAt;

    public static TheoryData<string, string> BooleanColumnsAndBadTokens()
    {
        var data = new TheoryData<string, string>();
        foreach (var column in new[] { "password_enabled", "mfa_active", "access_key_1_active", "access_key_2_active" })
        {
            foreach (var token in new[] { "yes", "no", "1", "0", "N/A", "no_information", string.Empty, "t", "truee", "TRUE;DROP", "true false" })
            {
                data.Add(column, token);
            }
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(BooleanColumnsAndBadTokens))]
    public void A_boolean_column_with_anything_but_true_or_false_is_an_error_naming_line_and_column(string column, string token)
    {
        var csv = WithField(ReportRow.ForUser("carol"), column, token);

        var error = Assert.Throws<CredentialReportFormatException>(() => CredentialReportParser.Parse(csv, Generated));

        Assert.Contains("line 3", error.Message, StringComparison.Ordinal);
        Assert.Contains(column, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Not_supported_is_a_password_state_only_and_reads_as_no_password()
    {
        var csv = WithField(ReportRow.ForUser("carol"), "password_enabled", "not_supported");

        Assert.False(CredentialReportParser.Parse(csv, Generated).Users.Single().PasswordEnabled);
        Assert.Throws<CredentialReportFormatException>(() => CredentialReportParser.Parse(WithField(ReportRow.ForUser("carol"), "mfa_active", "not_supported"), Generated));
    }

    public static TheoryData<string, string> DateColumnsAndNonIsoDates()
    {
        var data = new TheoryData<string, string>();
        foreach (var column in new[] { "user_creation_time", "password_last_used", "password_last_changed", "access_key_1_last_rotated", "access_key_1_last_used_date", "access_key_2_last_rotated", "access_key_2_last_used_date" })
        {
            foreach (var token in new[]
            {
                "11/24/2026", "24/11/2026 10:00", "2026-11-24", "2026-11-24 10:00:00", "2026-11-24T10:00:00", "1732406400",
                "Tue, 24 Nov 2026 10:00:00 GMT", "2026-11-24T25:00:00Z", "2026-02-30T10:00:00Z",
                "２０２６-11-24T10:00:00Z", "today", "true",
            })
            {
                data.Add(column, token);
            }
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(DateColumnsAndNonIsoDates))]
    public void A_date_column_accepts_ISO_8601_with_an_offset_only(string column, string token)
    {
        var csv = WithField(ReportRow.ForUser("carol").WithPassword(3, 10).WithKey1(10, 2).WithKey2(20, 5), column, token);

        var error = Assert.Throws<CredentialReportFormatException>(() => CredentialReportParser.Parse(csv, Generated));

        Assert.Contains("line 3", error.Message, StringComparison.Ordinal);
        Assert.Contains(column, error.Message, StringComparison.Ordinal);
        Assert.Contains("ISO 8601", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("2026-11-23T17:45:00+00:00")]
    [InlineData("2026-11-23T17:45:00Z")]
    [InlineData("2026-11-23T17:45:00.000Z")]
    [InlineData("2026-11-23T17:45:00.0000000+00:00")]
    [InlineData("2026-11-23T12:45:00-05:00")]
    [InlineData("2026-11-23T17:45:00+0000")]
    [InlineData("2026-11-24T03:15:00+09:30")]
    public void ISO_8601_dates_with_fractions_and_any_offset_are_the_same_utc_instant(string text)
    {
        var csv = WithField(ReportRow.ForUser("carol").WithKey1(10), "access_key_1_last_used_date", text);

        var used = CredentialReportParser.Parse(csv, Generated).Users.Single().AccessKey1.LastUsedDate;

        Assert.Equal(new DateTimeOffset(2026, 11, 23, 17, 45, 0, TimeSpan.Zero), used);
    }

    [Theory]
    [InlineData("N/A")]
    [InlineData("n/a")]
    [InlineData("no_information")]
    [InlineData("not_supported")]
    [InlineData("")]
    public void Absent_tokens_in_a_date_column_read_as_no_date(string token)
    {
        var csv = WithField(ReportRow.ForUser("carol").WithKey1(10), "access_key_1_last_used_date", token);

        Assert.Null(CredentialReportParser.Parse(csv, Generated).Users.Single().AccessKey1.LastUsedDate);
    }

    [Theory]
    [InlineData("N/A")]
    [InlineData("s3,ec2")]
    [InlineData("\"quoted\"")]
    [InlineData("用户")]
    [InlineData("")]
    public void The_last_used_region_and_service_columns_take_any_text(string token)
    {
        var csv = WithField(ReportRow.ForUser("carol").WithKey1(10, 1), "access_key_1_last_used_service", token);

        var service = CredentialReportParser.Parse(csv, Generated).Users.Single().AccessKey1.LastUsedService;

        Assert.Equal(token is "N/A" or "" ? null : token, service);
    }

    [Fact]
    public void A_byte_order_mark_before_the_header_is_ignored()
    {
        var csv = "\uFEFF" + new CredentialReportBuilder().User("carol", u => u.WithMfa()).ToCsv();

        var report = CredentialReportParser.Parse(csv, Generated);

        Assert.Equal("carol", report.Users.Single().User);
        Assert.NotNull(report.Root);
    }

    [Fact]
    public void A_report_of_only_the_required_columns_parses_and_unknown_extra_columns_are_ignored()
    {
        string[] columns =
        [
            "future_column", "access_key_2_last_used_date", "user", "arn", "user_creation_time", "password_enabled", "password_last_used",
            "mfa_active", "access_key_1_active", "access_key_1_last_rotated", "access_key_1_last_used_date", "access_key_2_active",
            "access_key_2_last_rotated", "another_new_one",
        ];
        var csv = string.Join(",", columns) + "\n"
            + "x,N/A,carol,arn:aws:iam::123456789012:user/carol,2026-01-01T00:00:00+00:00,true,2026-11-20T00:00:00+00:00,"
            + "false,true,2026-11-01T00:00:00+00:00,N/A,false,N/A,\"with, a comma\"\n";

        var carol = CredentialReportParser.Parse(csv, Generated).Users.Single();

        Assert.True(carol.PasswordEnabled);
        Assert.Null(carol.PasswordLastChanged);
        Assert.True(carol.AccessKey1.Active);
        Assert.Null(carol.AccessKey1.LastUsedRegion);
        Assert.Null(carol.AccessKey1.LastUsedService);
    }

    [Fact]
    public void A_required_column_named_twice_is_an_error()
    {
        var csv = CredentialReportBuilder.Header + ",mfa_active\n";

        var error = Assert.Throws<CredentialReportFormatException>(() => CredentialReportParser.Parse(csv, Generated));

        Assert.Contains("mfa_active twice", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Header_names_are_matched_ignoring_case_and_surrounding_spaces()
    {
        var header = string.Join(",", CredentialReportBuilder.Columns.Select((c, i) => i % 2 == 0 ? c.ToUpperInvariant() : $" {c} "));
        var body = new CredentialReportBuilder().WithoutRootRow().User("carol", u => u.WithMfa()).ToCsv().Split('\n', 2)[1];

        Assert.True(CredentialReportParser.Parse(header + "\n" + body, Generated).Users.Single().MfaActive);
    }

    [Fact]
    public void A_user_that_appears_twice_is_an_error_naming_both_lines()
    {
        var csv = new CredentialReportBuilder().User("carol").User("dave").User("carol").ToCsv();

        var error = Assert.Throws<CredentialReportFormatException>(() => CredentialReportParser.Parse(csv, Generated));

        Assert.Contains("line 5", error.Message, StringComparison.Ordinal);
        Assert.Contains("carol", error.Message, StringComparison.Ordinal);
        Assert.Contains("line 3", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Two_root_rows_are_an_error()
    {
        var csv = new CredentialReportBuilder().Row(ReportRow.ForRoot()).ToCsv();

        var error = Assert.Throws<CredentialReportFormatException>(() => CredentialReportParser.Parse(csv, Generated));

        Assert.Contains("root row", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("ops,oncall")]
    [InlineData("a\"b")]
    [InlineData("\"leading-quote")]
    [InlineData("multi\nline")]
    [InlineData("   spaced   ")]
    public void Quoted_user_names_and_arns_keep_commas_quotes_and_line_breaks(string name)
    {
        var report = new CredentialReportBuilder().User(name, u => u.WithPassword(2, 30)).Build();

        var user = report.Users.Single();
        Assert.Equal(name.Trim(), user.User);
        Assert.Equal($"arn:aws:iam::123456789012:user/{name}".Trim(), user.Arn);
    }

    [Theory]
    [InlineData("👩‍💻-ops")]
    [InlineData("עברית-משתמש")]
    [InlineData("e\u0301te\u0301")]
    [InlineData("Ωmega\u200Bzero-width")]
    public void Unicode_names_of_every_kind_are_kept_exactly(string name)
    {
        Assert.Equal(name, new CredentialReportBuilder().User(name).Build().Users.Single().User);
    }

    [Fact]
    public void A_user_name_of_64_thousand_characters_is_kept_whole_and_shortened_only_in_messages()
    {
        var name = new string('x', 64_000);
        var good = new CredentialReportBuilder().User(name).Build();
        Assert.Equal(name, good.Users.Single().User);

        var row = ReportRow.ForUser("carol");
        row.MfaActive = new string('y', 64_000);
        var error = Assert.Throws<CredentialReportFormatException>(() => new CredentialReportBuilder().Row(row).Build());
        Assert.True(error.Message.Length < 300, error.Message.Length.ToString(System.Globalization.CultureInfo.InvariantCulture));
    }

    [Fact]
    public void Fifty_thousand_users_parse_quickly_and_completely()
    {
        var builder = new CredentialReportBuilder();
        for (var i = 0; i < 50_000; i++)
        {
            builder.User($"user{i:D5}", u => i % 3 == 0 ? u.WithPassword(3, 100).WithKey1(30, 2) : u.WithKey2(200));
        }

        var csv = builder.ToCsv();
        var clock = Stopwatch.StartNew();
        var report = CredentialReportParser.Parse(csv, Generated);
        clock.Stop();

        Assert.Equal(50_000, report.Users.Count);
        Assert.Equal("user49999", report.Users[^1].User);
        Assert.Equal(16_667, report.Users.Count(u => u.PasswordEnabled));
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(10), $"parsing took {clock.Elapsed}");
    }

    [Fact]
    public void A_bad_value_deep_in_a_large_report_names_its_line()
    {
        var builder = new CredentialReportBuilder();
        for (var i = 0; i < 30_000; i++)
        {
            var row = ReportRow.ForUser($"user{i:D5}");
            if (i == 29_000)
            {
                row.AccessKey1Active = "maybe";
            }

            builder.Row(row);
        }

        var error = Assert.Throws<CredentialReportFormatException>(() => builder.Build());

        // Header, root row, then user 0 on line 3.
        Assert.Contains("line 29003", error.Message, StringComparison.Ordinal);
        Assert.Contains("access_key_1_active", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("not,a,credential,report\n1,2,3,4\n")]
    [InlineData("<html><body>Service Unavailable</body></html>")]
    [InlineData("{\"Content\":\"...\"}")]
    [InlineData("\0\0\0\0")]
    public void Something_that_is_not_a_credential_report_is_an_error_naming_the_missing_columns(string csv)
    {
        var error = Assert.Throws<CredentialReportFormatException>(() => CredentialReportParser.Parse(csv, Generated));

        Assert.Contains("user_creation_time", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_row_with_more_fields_than_the_header_is_an_error()
    {
        var csv = new CredentialReportBuilder().User("carol").ToCsv().TrimEnd('\n') + ",extra\n";

        var error = Assert.Throws<CredentialReportFormatException>(() => CredentialReportParser.Parse(csv, Generated));

        Assert.Contains("line 3", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Text_after_a_closing_quote_is_part_of_the_field_and_still_judged()
    {
        var csv = WithField(ReportRow.ForUser("carol"), "mfa_active", "\"true\"x", raw: true);

        var error = Assert.Throws<CredentialReportFormatException>(() => CredentialReportParser.Parse(csv, Generated));

        Assert.Contains("'truex'", error.Message, StringComparison.Ordinal);
    }

    /// <summary>The report with the root row and <paramref name="row"/>, one field of which replaced (quoted when needed, unless <paramref name="raw"/>).</summary>
    private static string WithField(ReportRow row, string column, string value, bool raw = false)
    {
        var index = CredentialReportBuilder.Columns.ToList().IndexOf(column);
        Assert.True(index >= 0, column);
        var fields = row.Fields.ToList();
        fields[index] = value;
        var root = string.Join(",", ReportRow.ForRoot().Fields.Select(CredentialReportBuilder.Quote));
        return CredentialReportBuilder.Header + "\n" + root + "\n" + string.Join(",", fields.Select((f, i) => raw && i == index ? f : CredentialReportBuilder.Quote(f))) + "\n";
    }
}
