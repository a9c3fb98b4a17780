using Auditor.Core.CredentialReports;
using Auditor.Core.Tests.Support;

namespace Auditor.Core.Tests.CredentialReports;

public sealed class CredentialReportParserTests
{
    private static readonly DateTimeOffset Generated = TestClock.ReportGeneratedAt;

    [Fact]
    public void Root_row_is_separated_from_the_users()
    {
        var report = Fixture.Report(Fixture.RealReport);

        Assert.NotNull(report.Root);
        Assert.True(report.Root.IsRoot);
        Assert.Equal("arn:aws:iam::123456789012:root", report.Root.Arn);
        Assert.Equal(["alice", "bob", "ops,oncall", "dave", "erin"], report.Users.Select(u => u.User));
        Assert.DoesNotContain(report.Users, u => u.IsRoot);
    }

    [Fact]
    public void Root_row_reads_not_supported_password_columns_as_absent_and_keeps_its_real_columns()
    {
        var root = Fixture.Report(Fixture.RealReport).Root!;

        Assert.False(root.PasswordEnabled);
        Assert.Null(root.PasswordLastChanged);
        Assert.Equal(new DateTimeOffset(2026, 10, 26, 8, 31, 0, TimeSpan.Zero), root.PasswordLastUsed);
        Assert.True(root.MfaActive);
        Assert.False(root.AccessKey1.Active);
        Assert.Equal(new DateTimeOffset(2019, 3, 11, 9, 12, 45, TimeSpan.Zero), root.UserCreationTime);
    }

    [Fact]
    public void Root_row_access_key_columns_are_read()
    {
        var root = Fixture.Report(Fixture.RootUsedRecently).Root!;

        Assert.False(root.MfaActive);
        Assert.True(root.AccessKey1.Active);
        Assert.Equal(new DateTimeOffset(2026, 11, 24, 3, 0, 0, TimeSpan.Zero), root.AccessKey1.LastUsedDate);
        Assert.Equal("iam", root.AccessKey1.LastUsedService);
        Assert.False(root.AccessKey2.Active);
    }

    [Fact]
    public void NA_columns_read_as_absent()
    {
        var bob = Fixture.Report(Fixture.RealReport).Users.Single(u => u.User == "bob");

        Assert.False(bob.AccessKey1.Active);
        Assert.Null(bob.AccessKey1.LastRotated);
        Assert.Null(bob.AccessKey1.LastUsedDate);
        Assert.Null(bob.AccessKey1.LastUsedRegion);
        Assert.Null(bob.AccessKey1.LastUsedService);
        Assert.Empty(bob.ActiveAccessKeys);
    }

    [Fact]
    public void No_information_password_last_used_reads_as_never_used_password()
    {
        var dave = Fixture.Report(Fixture.RealReport).Users.Single(u => u.User == "dave");

        Assert.True(dave.PasswordEnabled);
        Assert.Null(dave.PasswordLastUsed);
        Assert.Equal(new DateTimeOffset(2026, 9, 26, 0, 0, 0, TimeSpan.Zero), dave.PasswordLastChanged);
    }

    [Fact]
    public void Moto_report_without_root_row_parses_its_not_supported_columns_as_absent()
    {
        var report = Fixture.Report(Fixture.MotoReport);

        Assert.Null(report.Root);
        Assert.Equal(["alice", "ci-deployer"], report.Users.Select(u => u.User));
        var deployer = report.Users[1];
        Assert.False(deployer.PasswordEnabled);
        Assert.Null(deployer.PasswordLastUsed);
        Assert.Null(deployer.AccessKey1.LastUsedRegion);
        Assert.Null(deployer.AccessKey1.LastUsedService);
        Assert.Equal([1, 2], deployer.ActiveAccessKeys.Select(k => k.Number));
    }

    [Theory]
    [InlineData("true", true)]
    [InlineData("TRUE", true)]
    [InlineData("True", true)]
    [InlineData("false", false)]
    [InlineData("FALSE", false)]
    [InlineData("False", false)]
    public void Booleans_are_read_in_any_case(string text, bool expected)
    {
        var row = ReportRow.ForUser("carol");
        row.MfaActive = text;
        row.PasswordEnabled = text;
        row.AccessKey2Active = text;
        row.AccessKey2LastRotated = TestClock.ReportDaysAgo(3);

        var carol = new CredentialReportBuilder().Row(row).Build().Users.Single();

        Assert.Equal(expected, carol.MfaActive);
        Assert.Equal(expected, carol.PasswordEnabled);
        Assert.Equal(expected, carol.AccessKey2.Active);
    }

    [Theory]
    [InlineData("2026-11-23T17:45:00+00:00")]
    [InlineData("2026-11-23T17:45:00Z")]
    [InlineData("2026-11-23T19:45:00+02:00")]
    public void Dates_with_offset_or_Z_read_as_the_same_utc_instant(string text)
    {
        var row = ReportRow.ForUser("carol").WithPassword(1, 10);
        row.PasswordLastUsed = text;

        var used = new CredentialReportBuilder().Row(row).Build().Users.Single().PasswordLastUsed;

        Assert.Equal(new DateTimeOffset(2026, 11, 23, 17, 45, 0, TimeSpan.Zero), used);
        Assert.Equal(TimeSpan.Zero, used!.Value.Offset);
    }

    [Fact]
    public void Fixture_mixes_Z_and_offset_dates_and_upper_case_booleans()
    {
        var bob = Fixture.Report(Fixture.RealReport).Users.Single(u => u.User == "bob");

        Assert.True(bob.PasswordEnabled);
        Assert.False(bob.MfaActive);
        Assert.Equal(new DateTimeOffset(2026, 11, 15, 9, 0, 0, TimeSpan.Zero), bob.PasswordLastUsed);
        Assert.Equal(new DateTimeOffset(2025, 10, 21, 12, 0, 0, TimeSpan.Zero), bob.UserCreationTime);
    }

    [Fact]
    public void Quoted_fields_keep_their_commas()
    {
        var ops = Fixture.Report(Fixture.RealReport).Users.Single(u => u.User == "ops,oncall");

        Assert.Equal("arn:aws:iam::123456789012:user/ops,oncall", ops.Arn);
        Assert.True(ops.AccessKey2.Active);
        Assert.Equal("ec2", ops.AccessKey2.LastUsedService);
        Assert.Equal("eu-west-1", ops.AccessKey1.LastUsedRegion);
    }

    [Fact]
    public void Doubled_quotes_inside_a_quoted_field_are_one_quote()
    {
        var csv = CredentialReportBuilder.Header + "\n"
            + "carol,arn:aws:iam::123456789012:user/carol,2026-01-01T00:00:00+00:00,false,N/A,N/A,N/A,false,"
            + "true,2026-11-01T00:00:00+00:00,2026-11-20T00:00:00+00:00,us-east-1,\"s3 \"\"legacy\"\", v1\",false,N/A,N/A,N/A,N/A,false,N/A,false,N/A\n";

        var carol = CredentialReportParser.Parse(csv, Generated).Users.Single();

        Assert.Equal("s3 \"legacy\", v1", carol.AccessKey1.LastUsedService);
    }

    [Fact]
    public void Quoted_line_break_is_part_of_the_field_and_later_errors_count_physical_lines()
    {
        var csv = CredentialReportBuilder.Header + "\n"
            + "carol,arn:aws:iam::123456789012:user/carol,2026-01-01T00:00:00+00:00,false,N/A,N/A,N/A,false,"
            + "true,2026-11-01T00:00:00+00:00,2026-11-20T00:00:00+00:00,us-east-1,\"s3\nlegacy\",false,N/A,N/A,N/A,N/A,false,N/A,false,N/A\n"
            + "dan,arn:aws:iam::123456789012:user/dan,2026-01-01T00:00:00+00:00,false,N/A,N/A,N/A,maybe,"
            + "false,N/A,N/A,N/A,N/A,false,N/A,N/A,N/A,N/A,false,N/A,false,N/A\n";

        var error = Assert.Throws<CredentialReportFormatException>(() => CredentialReportParser.Parse(csv, Generated));

        Assert.Contains("line 4", error.Message, StringComparison.Ordinal);
        Assert.Contains("mfa_active", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void CRLF_line_endings_parse_like_LF()
    {
        var lf = Fixture.Text(Fixture.RealReport).ReplaceLineEndings("\n");
        var crlf = lf.ReplaceLineEndings("\r\n");

        var fromLf = CredentialReportParser.Parse(lf, Generated);
        var fromCrlf = CredentialReportParser.Parse(crlf, Generated);

        Assert.Contains("\r\n", crlf, StringComparison.Ordinal);
        Assert.Equal(fromLf.Root, fromCrlf.Root);
        Assert.Equal(fromLf.Users, fromCrlf.Users);
        Assert.Equal(5, fromCrlf.Users.Count);
    }

    [Fact]
    public void Missing_required_column_is_an_error_naming_the_column()
    {
        var error = Assert.Throws<CredentialReportFormatException>(
            () => CredentialReportParser.Parse(Fixture.Text("header-missing-mfa-active-column.csv"), Generated));

        Assert.Contains("mfa_active", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("user")]
    [InlineData("arn")]
    [InlineData("user_creation_time")]
    [InlineData("password_enabled")]
    [InlineData("password_last_used")]
    [InlineData("mfa_active")]
    [InlineData("access_key_1_active")]
    [InlineData("access_key_1_last_rotated")]
    [InlineData("access_key_1_last_used_date")]
    [InlineData("access_key_2_active")]
    [InlineData("access_key_2_last_rotated")]
    [InlineData("access_key_2_last_used_date")]
    public void Each_required_column_missing_is_an_error_naming_it(string column)
    {
        var csv = WithoutColumns(new CredentialReportBuilder().User("carol", u => u.WithKey1(10, 1)).ToCsv(), column);

        var error = Assert.Throws<CredentialReportFormatException>(() => CredentialReportParser.Parse(csv, Generated));

        Assert.Contains(column, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Columns_the_checks_do_not_need_may_be_missing()
    {
        var csv = WithoutColumns(
            new CredentialReportBuilder().User("carol", u => u.WithPassword(3, 20).WithKey1(10, 1)).ToCsv(),
            "password_last_changed", "password_next_rotation", "access_key_1_last_used_region", "access_key_1_last_used_service",
            "cert_1_active", "cert_1_last_rotated", "cert_2_active", "cert_2_last_rotated");

        var carol = CredentialReportParser.Parse(csv, Generated).Users.Single();

        Assert.Null(carol.PasswordLastChanged);
        Assert.Null(carol.AccessKey1.LastUsedService);
        Assert.Equal(TestClock.DaysAgo(1), carol.AccessKey1.LastUsedDate);
    }

    [Fact]
    public void Columns_are_found_by_header_name_not_position()
    {
        var original = new CredentialReportBuilder().WithoutRootRow().User("carol", u => u.WithMfa().WithKey1(10, 1)).ToCsv();
        var lines = original.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => l.Split(',').Reverse()).ToList();
        var reversed = string.Join("\n", lines.Select(l => string.Join(",", l))) + "\n";

        var carol = CredentialReportParser.Parse(reversed, Generated).Users.Single();

        Assert.Equal("carol", carol.User);
        Assert.True(carol.MfaActive);
        Assert.True(carol.AccessKey1.Active);
        Assert.False(carol.AccessKey2.Active);
    }

    [Fact]
    public void Bad_date_is_an_error_naming_line_column_and_value()
    {
        var error = Assert.Throws<CredentialReportFormatException>(
            () => CredentialReportParser.Parse(Fixture.Text("bad-date-on-third-line.csv"), Generated));

        Assert.Contains("line 3", error.Message, StringComparison.Ordinal);
        Assert.Contains("password_last_used", error.Message, StringComparison.Ordinal);
        Assert.Contains("last tuesday", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("2026-13-40T00:00:00+00:00")]
    [InlineData("yesterday")]
    [InlineData("2026")]
    [InlineData("never")]
    public void Unparseable_dates_are_errors(string text)
    {
        var row = ReportRow.ForUser("carol").WithKey1(10);
        row.AccessKey1LastUsedDate = text;
        var csv = new CredentialReportBuilder().Row(row).ToCsv();

        var error = Assert.Throws<CredentialReportFormatException>(() => CredentialReportParser.Parse(csv, Generated));

        Assert.Contains("line 3", error.Message, StringComparison.Ordinal);
        Assert.Contains("access_key_1_last_used_date", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Bad_boolean_is_an_error_naming_line_column_and_value()
    {
        var error = Assert.Throws<CredentialReportFormatException>(
            () => CredentialReportParser.Parse(Fixture.Text("bad-boolean-on-second-line.csv"), Generated));

        Assert.Contains("line 2", error.Message, StringComparison.Ordinal);
        Assert.Contains("mfa_active", error.Message, StringComparison.Ordinal);
        Assert.Contains("'yes'", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Unicode_user_names_are_kept_exactly()
    {
        const string name = "zoë.Ωmega+用户@例え";
        var report = new CredentialReportBuilder().User(name, u => u.WithPassword(2, 30)).Build();

        var user = report.Users.Single();
        Assert.Equal(name, user.User);
        Assert.Equal($"arn:aws:iam::123456789012:user/{name}", user.Arn);
    }

    [Fact]
    public void Very_long_user_names_are_kept_whole()
    {
        var name = string.Concat(Enumerable.Repeat("long-name.", 1000));
        var report = new CredentialReportBuilder().User(name).Build();

        Assert.Equal(name, report.Users.Single().User);
    }

    [Fact]
    public void Twenty_thousand_users_parse()
    {
        var builder = new CredentialReportBuilder();
        for (var i = 0; i < 20_000; i++)
        {
            builder.User($"user{i:D5}", u => u.WithPassword(3, 100).WithKey1(30, 2));
        }

        var report = CredentialReportParser.Parse(builder.ToCsv(), Generated);

        Assert.Equal(20_000, report.Users.Count);
        Assert.Equal("user19999", report.Users[^1].User);
        Assert.NotNull(report.Root);
    }

    [Theory]
    [InlineData("\n")]
    [InlineData("\n\n")]
    [InlineData("\r\n\r\n")]
    public void Blank_trailing_lines_are_ignored(string tail)
    {
        var csv = Fixture.Text(Fixture.RealReport).TrimEnd() + tail;

        var report = CredentialReportParser.Parse(csv, Generated);

        Assert.Equal(5, report.Users.Count);
    }

    [Fact]
    public void Report_without_a_final_line_break_keeps_its_last_row()
    {
        var csv = Fixture.Text(Fixture.RealReport).TrimEnd();

        Assert.Equal("erin", CredentialReportParser.Parse(csv, Generated).Users[^1].User);
    }

    [Fact]
    public void Unclosed_quote_is_an_error_naming_the_line()
    {
        var error = Assert.Throws<CredentialReportFormatException>(
            () => CredentialReportParser.Parse(Fixture.Text("unclosed-quote.csv"), Generated));

        Assert.Contains("line 2", error.Message, StringComparison.Ordinal);
        Assert.Contains("never closed", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Row_with_too_few_fields_is_an_error_naming_the_line()
    {
        var csv = CredentialReportBuilder.Header + "\ncarol,arn:aws:iam::123456789012:user/carol,2026-01-01T00:00:00+00:00\n";

        var error = Assert.Throws<CredentialReportFormatException>(() => CredentialReportParser.Parse(csv, Generated));

        Assert.Contains("line 2", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Row_with_empty_user_name_is_an_error()
    {
        var csv = new CredentialReportBuilder().User(string.Empty).ToCsv();

        var error = Assert.Throws<CredentialReportFormatException>(() => CredentialReportParser.Parse(csv, Generated));

        Assert.Contains("line 3", error.Message, StringComparison.Ordinal);
        Assert.Contains("user", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("")]
    [InlineData("\n")]
    public void Empty_report_is_an_error(string csv)
    {
        Assert.Throws<CredentialReportFormatException>(() => CredentialReportParser.Parse(csv, Generated));
    }

    [Fact]
    public void Header_only_report_has_no_root_and_no_users()
    {
        var report = CredentialReportParser.Parse(CredentialReportBuilder.Header + "\n", Generated);

        Assert.Null(report.Root);
        Assert.Empty(report.Users);
    }

    [Fact]
    public void Generated_time_is_kept()
    {
        var generated = new DateTimeOffset(2026, 11, 24, 21, 13, 7, TimeSpan.Zero);

        Assert.Equal(generated, CredentialReportParser.Parse(Fixture.Text(Fixture.RealReport), generated).GeneratedTime);
    }

    [Theory]
    [InlineData("arn:aws:iam::123456789012:user/alice", "/")]
    [InlineData("arn:aws:iam::123456789012:user/engineering/bob", "/engineering/")]
    [InlineData("arn:aws:iam::123456789012:user/division/team/carol", "/division/team/")]
    public void User_path_comes_from_the_arn(string arn, string path)
    {
        var row = ReportRow.ForUser("x");
        row.Arn = arn;

        Assert.Equal(path, new CredentialReportBuilder().Row(row).Build().Users.Single().UserPath);
    }

    private static string WithoutColumns(string csv, params string[] columns)
    {
        var drop = columns.Select(c => CredentialReportBuilder.Columns.ToList().IndexOf(c)).ToHashSet();
        Assert.DoesNotContain(-1, drop);
        var lines = csv.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        return string.Join("\n", lines.Select(line => string.Join(",", line.Split(',').Where((_, i) => !drop.Contains(i))))) + "\n";
    }
}
