using System.Text;
using Auditor.Function.Events;
using Auditor.Testing;

namespace Auditor.Function.Tests.Events;

/// <summary>The audit function's events, read strictly: every refusal names the field at fault.</summary>
public sealed class AuditEventParserTests
{
    [Fact]
    public void The_EventBridge_scheduled_event_of_events_scheduled_json_runs_everything_at_the_defaults()
    {
        var parsed = AuditEventParser.Parse(File.ReadAllBytes(RepositoryPaths.Of("events", "scheduled.json")));

        Assert.Equal(new AuditEvent(true, null, null, null, false) { EventId = "53dc4d37-cffa-4f76-80c9-8b7d4a4d2eaa" }, parsed);
    }

    [Theory]
    [InlineData("dryRun", "true")]
    [InlineData("regions", "[\"us-east-1\"]")]
    [InlineData("checks", "[\"iam.user-mfa\"]")]
    [InlineData("accounts", "[\"123456789012\"]")]
    public void A_scheduled_event_carrying_an_on_demand_field_is_refused_not_run_as_everything(string field, string value)
    {
        var json = File.ReadAllText(RepositoryPaths.Of("events", "scheduled.json")).TrimEnd().TrimEnd('}') + $",\"{field}\":{value}}}";

        var error = Assert.Throws<EventValidationException>(() => Parse(json));

        Assert.Equal(field, error.Field);
        Assert.Contains("scheduled event", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("""{"dryRun":false,"dryRun":true}""", "dryRun")]
    [InlineData("""{"regions":["us-east-1"],"checks":["iam.user-mfa"],"regions":["eu-west-1"]}""", "regions")]
    [InlineData("""{"detail-type":"Scheduled Event","source":"aws.events","detail":{"a":1,"a":2}}""", "detail.a")]
    public void A_key_given_twice_is_refused_rather_than_the_last_one_winning(string json, string field)
    {
        var error = Assert.Throws<EventValidationException>(() => Parse(json));

        Assert.Equal(field, error.Field);
        Assert.Contains("appears more than once", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(new byte[] { 0x7B, 0x22, 0x72, 0x65, 0x67, 0x69, 0x6F, 0x6E, 0x73, 0x22, 0x3A, 0x5B, 0x22, 0xFF, 0x22, 0x5D, 0x7D })]
    [InlineData(new byte[] { 0x7B, 0x22, 0xC3, 0x22, 0x3A, 0x31, 0x7D })]
    [InlineData(new byte[] { 0x7B, 0x22, 0x64, 0x72, 0x79, 0x52, 0x75, 0x6E, 0x22, 0x3A, 0x22, 0xED, 0xA0, 0x80, 0x22, 0x7D })]
    public void Invalid_utf8_is_an_invalid_event_not_a_crash(byte[] payload)
    {
        var error = Assert.Throws<EventValidationException>(() => AuditEventParser.Parse(payload));

        Assert.Equal("event", error.Field);
        Assert.Contains("UTF-8", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_huge_bad_value_is_quoted_to_200_characters_and_its_length_given()
    {
        var value = new string('\'', 1_000_000);

        var error = Assert.Throws<EventValidationException>(() => Parse($$"""{"regions":["{{value}}"]}"""));

        Assert.Equal("regions[0]", error.Field);
        Assert.Contains("(1000000 characters)", error.Message, StringComparison.Ordinal);
        // The opening quote and 200 characters of the value; never more of it.
        Assert.Contains(new string('\'', 201), error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(new string('\'', 202), error.Message, StringComparison.Ordinal);
        Assert.True(error.Message.Length < 1024, $"{error.Message.Length} characters");
    }

    [Fact]
    public void A_huge_unknown_key_is_named_cut_short()
    {
        var key = new string('k', 500_000);

        var error = Assert.Throws<EventValidationException>(() => Parse($$"""{"{{key}}":1}"""));

        Assert.Contains("(500000 characters)", error.Field, StringComparison.Ordinal);
        Assert.True(error.Message.Length < 1024, $"{error.Message.Length} characters");
    }

    [Fact]
    public void Every_sample_event_in_events_is_accepted()
    {
        // root-*.json are the root-alert function's events (RootActivityEventParserTests reads them); worker-*.json are
        // SQS events for the worker, read by its own parser (see SqsEventTests).
        var files = Directory.GetFiles(RepositoryPaths.Of("events"), "*.json")
            .Where(f => !Path.GetFileName(f).StartsWith("root-", StringComparison.Ordinal) && !Path.GetFileName(f).StartsWith("worker-", StringComparison.Ordinal))
            .ToArray();
        Assert.NotEmpty(files);
        foreach (var file in files)
        {
            var exception = Record.Exception(() => AuditEventParser.Parse(File.ReadAllBytes(file)));
            Assert.True(exception is null, $"{Path.GetFileName(file)}: {exception?.Message}");
        }
    }

    [Fact]
    public void The_sample_on_demand_event_is_a_dry_run_of_two_checks_in_us_east_1()
    {
        var parsed = AuditEventParser.Parse(File.ReadAllBytes(RepositoryPaths.Of("events", "on-demand.json")));

        Assert.False(parsed.Scheduled);
        Assert.True(parsed.DryRun);
        Assert.Equal(["us-east-1"], parsed.Regions!);
        Assert.Equal(["iam.user-mfa", "guardduty.enabled"], parsed.Checks!);
        Assert.Null(parsed.Accounts);
    }

    [Fact]
    public void An_empty_on_demand_event_means_all_defaults()
    {
        Assert.Equal(new AuditEvent(false, null, null, null, false), Parse("{}"));
    }

    [Fact]
    public void A_full_on_demand_event_is_read_field_by_field_and_duplicates_collapse()
    {
        var parsed = Parse("""
            {"accounts":["123456789012","123456789012"],
             "regions":["eu-west-1","us-east-1","eu-west-1","us-gov-west-1","ap-southeast-2"],
             "checks":["iam.user-mfa","guardduty.enabled","root.activity","shield.advanced"],
             "dryRun":true}
            """);

        Assert.False(parsed.Scheduled);
        Assert.Equal(["123456789012"], parsed.Accounts!);
        Assert.Equal(["eu-west-1", "us-east-1", "us-gov-west-1", "ap-southeast-2"], parsed.Regions!);
        Assert.Equal(["iam.user-mfa", "guardduty.enabled", "root.activity", "shield.advanced"], parsed.Checks!);
        Assert.True(parsed.DryRun);
    }

    [Fact]
    public void Accounts_all_asks_for_every_account_of_the_organization()
    {
        var parsed = Parse("""{"accounts":"all","regions":["us-east-1"]}""");

        Assert.True(parsed.AllAccounts);
        Assert.Null(parsed.Accounts);
        Assert.Equal(["us-east-1"], parsed.Regions!);
    }

    [Fact]
    public void The_sample_organization_event_asks_for_every_account()
    {
        var parsed = AuditEventParser.Parse(File.ReadAllBytes(RepositoryPaths.Of("events", "organization-all.json")));

        Assert.True(parsed.AllAccounts);
        Assert.False(parsed.Scheduled);
    }

    [Fact]
    public void A_list_of_accounts_or_no_accounts_is_not_all()
    {
        Assert.False(Parse("""{"accounts":["123456789012"]}""").AllAccounts);
        Assert.False(Parse("{}").AllAccounts);
    }

    [Theory]
    [InlineData("""{"accounts":"ALL"}""")]
    [InlineData("""{"accounts":"everything"}""")]
    [InlineData("""{"accounts":"123456789012"}""")]
    [InlineData("""{"accounts":""}""")]
    public void Accounts_as_a_string_other_than_all_is_refused_and_the_message_says_what_is_allowed(string json)
    {
        var error = Assert.Throws<EventValidationException>(() => Parse(json));

        Assert.Equal("accounts", error.Field);
        Assert.Contains("array of account ids or the string 'all'", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("""{"dryRun":false}""", false)]
    [InlineData("""{"dryRun":true}""", true)]
    public void DryRun_takes_a_boolean(string json, bool expected) => Assert.Equal(expected, Parse(json).DryRun);

    [Fact]
    public void Every_check_id_of_the_design_is_accepted()
    {
        string[] ids =
        [
            "root.activity", "root.mfa", "root.hardware-mfa", "root.access-keys", "iam.user-mfa",
            "iam.unused-credentials", "iam.access-key-rotation", "iam.single-active-key", "guardduty.enabled", "shield.advanced",
        ];

        var parsed = Parse($$"""{"checks":[{{string.Join(",", ids.Select(i => $"\"{i}\""))}}]}""");

        Assert.Equal(ids, parsed.Checks!);
    }

    [Theory]
    // Unknown fields, including near misses of real ones.
    [InlineData("""{"region":["us-east-1"]}""", "region")]
    [InlineData("""{"regions":["us-east-1"],"dryrun":true}""", "dryrun")]
    [InlineData("""{"accounts":["123456789012"],"account":"123456789012"}""", "account")]
    // Unknown check ids.
    [InlineData("""{"checks":["iam.no-such-check"]}""", "checks[0]")]
    [InlineData("""{"checks":["iam.user-mfa","IAM.USER-MFA"]}""", "checks[1]")]
    [InlineData("""{"checks":["iam.user-mfa",""]}""", "checks[1]")]
    // Malformed account ids.
    [InlineData("""{"accounts":["12345"]}""", "accounts[0]")]
    [InlineData("""{"accounts":["12345678901a"]}""", "accounts[0]")]
    [InlineData("""{"accounts":["123456789012","1234567890123"]}""", "accounts[1]")]
    [InlineData("""{"accounts":[" 123456789012"]}""", "accounts[0]")]
    // Malformed region names.
    [InlineData("""{"regions":["not a region"]}""", "regions[0]")]
    [InlineData("""{"regions":["US-EAST-1"]}""", "regions[0]")]
    [InlineData("""{"regions":["us-east-1","us-east"]}""", "regions[1]")]
    [InlineData("""{"regions":["useast1"]}""", "regions[0]")]
    [InlineData("""{"regions":["mars-north-1"]}""", "regions[0]")]
    // Empty arrays.
    [InlineData("""{"accounts":[]}""", "accounts")]
    [InlineData("""{"regions":[]}""", "regions")]
    [InlineData("""{"checks":[]}""", "checks")]
    // Wrong JSON types.
    [InlineData("""{"regions":"us-east-1"}""", "regions")]
    [InlineData("""{"regions":null}""", "regions")]
    [InlineData("""{"regions":[1]}""", "regions[0]")]
    [InlineData("""{"accounts":[123456789012]}""", "accounts[0]")]
    [InlineData("""{"checks":{"iam.user-mfa":true}}""", "checks")]
    [InlineData("""{"checks":[["iam.user-mfa"]]}""", "checks[0]")]
    [InlineData("""{"dryRun":"true"}""", "dryRun")]
    [InlineData("""{"dryRun":1}""", "dryRun")]
    [InlineData("""{"dryRun":null}""", "dryRun")]
    // Malformed JSON and non-objects.
    [InlineData("""{"regions":["us-east-1"]""", "event")]
    [InlineData("""{regions:["us-east-1"]}""", "event")]
    [InlineData("", "event")]
    [InlineData("not json at all", "event")]
    [InlineData("[]", "event")]
    [InlineData("""["us-east-1"]""", "event")]
    [InlineData("\"audit\"", "event")]
    [InlineData("42", "event")]
    [InlineData("null", "event")]
    [InlineData("true", "event")]
    // Half a surrogate pair escaped: valid JSON, not text (found by HostileEventPropertyTests).
    [InlineData("""{"regions":["\ud83d"]}""", "regions[0]")]
    [InlineData("""{"\udc00":true}""", "event")]
    // Something from EventBridge that is not the schedule.
    [InlineData("""{"detail-type":"AWS API Call via CloudTrail","source":"aws.iam","detail":{}}""", "detail-type")]
    [InlineData("""{"detail-type":"Scheduled Event","source":"aws.health"}""", "detail-type")]
    public void A_bad_event_is_refused_with_an_error_naming_the_field(string json, string field)
    {
        var error = Assert.Throws<EventValidationException>(() => Parse(json));

        Assert.Equal(field, error.Field);
        Assert.StartsWith(field + ": ", error.Message, StringComparison.Ordinal);
        Assert.True(error.Message.Length > field.Length + 10, $"the message says too little: {error.Message}");
    }

    [Fact]
    public void An_unknown_check_id_error_lists_the_known_ones()
    {
        var error = Assert.Throws<EventValidationException>(() => Parse("""{"checks":["iam.mfa"]}"""));

        Assert.Contains("'iam.mfa'", error.Message, StringComparison.Ordinal);
        Assert.Contains("iam.user-mfa", error.Message, StringComparison.Ordinal);
        Assert.Contains("guardduty.enabled", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void An_unknown_field_error_lists_the_fields_of_the_on_demand_event()
    {
        var error = Assert.Throws<EventValidationException>(() => Parse("""{"region":["us-east-1"]}"""));

        foreach (var known in new[] { "accounts", "regions", "checks", "dryRun" })
        {
            Assert.Contains(known, error.Message, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void The_bad_value_is_quoted_in_the_message()
    {
        Assert.Contains("'12345'", Assert.Throws<EventValidationException>(() => Parse("""{"accounts":["12345"]}""")).Message, StringComparison.Ordinal);
        Assert.Contains("'not a region'", Assert.Throws<EventValidationException>(() => Parse("""{"regions":["not a region"]}""")).Message, StringComparison.Ordinal);
    }

    private static AuditEvent Parse(string json) => AuditEventParser.Parse(Encoding.UTF8.GetBytes(json));
}
