using System.Text;
using System.Text.Json.Nodes;
using Auditor.Core.CloudTrail;
using Auditor.Core.Model;
using Auditor.Function.Events;
using Auditor.Testing;

namespace Auditor.Function.Tests.Events;

public sealed class RootActivityEventParserTests
{
    public static TheoryData<string, string, Severity, bool?> Samples => new()
    {
        { "root-console-sign-in-success.json", "ConsoleLogin", Severity.Critical, false },
        { "root-console-sign-in-failure.json", "ConsoleLogin", Severity.High, false },
        { "root-api-call.json", "UpdateAccountPasswordPolicy", Severity.Low, true },
    };

    [Theory]
    [MemberData(nameof(Samples))]
    public void Sample_events_are_accepted_and_rated(string file, string eventName, Severity severity, bool? mfa)
    {
        var parsed = RootActivityEventParser.Parse(File.ReadAllBytes(RepositoryPaths.Of("events", file)));

        Assert.Equal("123456789012", parsed.Account);
        Assert.Equal("us-east-1", parsed.Region);
        Assert.Equal(eventName, parsed.Record.EventName);
        Assert.Equal(mfa, parsed.Record.MfaUsed);
        Assert.Equal(severity, RootEventSeverity.Of(parsed.Record));
    }

    [Fact]
    public void Sign_in_sample_carries_everything_the_finding_shows()
    {
        var parsed = RootActivityEventParser.Parse(File.ReadAllBytes(RepositoryPaths.Of("events", "root-console-sign-in-success.json")));

        Assert.Equal(RootActivityEventParser.SignInDetailType, parsed.DetailType);
        Assert.Equal("aws.signin", parsed.Source);
        Assert.Equal("6a7e8feb-b491-4cf7-a9f1-bf3703467718", parsed.Id);
        var record = parsed.Record;
        Assert.Equal("f2b1c6a4-3d5e-4c1b-9e0a-7a9d2c4b8e61", record.EventId);
        Assert.Equal(new DateTimeOffset(2026, 11, 20, 9, 15, 2, TimeSpan.Zero), record.EventTime);
        Assert.Equal("203.0.113.7", record.SourceIpAddress);
        Assert.StartsWith("Mozilla/5.0", record.UserAgent, StringComparison.Ordinal);
        Assert.Equal("Success", record.ConsoleLoginResult);
        Assert.Equal("us-east-1", record.AwsRegion);
    }

    [Theory]
    [InlineData("detail-type", "\"Scheduled Event\"", "detail-type", "is not an event the root-alert function takes")]
    [InlineData("detail-type", null, "detail-type", "is missing")]
    [InlineData("source", "\"aws.iam\"", "source", "'aws.iam' is not the source of a console sign-in event")]
    [InlineData("source", "42", "source", "must be a non-empty string, not the number 42")]
    [InlineData("account", "\"12345\"", "account", "is not a 12-digit account id")]
    [InlineData("region", "\"mars-1\"", "region", "is not a region name")]
    [InlineData("detail", "[]", "detail", "must be the CloudTrail record (an object), not an array")]
    [InlineData("detail", null, "detail", "is missing")]
    public void Envelope_problems_are_refused_naming_the_field(string field, string? value, string expectedField, string expectedProblem)
    {
        var error = Refused(SignIn(), e => Set(e, field, value));

        Assert.Equal(expectedField, error.Field);
        Assert.Contains(expectedProblem, error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("userIdentity.type", "\"IAMUser\"", "detail.userIdentity.type", "'IAMUser' is not Root")]
    [InlineData("userIdentity", null, "detail.userIdentity", "is missing")]
    [InlineData("eventID", null, "detail.eventID", "is missing")]
    [InlineData("eventID", "\"\"", "detail.eventID", "must be a non-empty string")]
    [InlineData("eventName", "7", "detail.eventName", "must be a non-empty string")]
    [InlineData("eventTime", "\"yesterday\"", "detail.eventTime", "is not a timestamp")]
    [InlineData("eventSource", "\"iam.amazonaws.com\"", "detail.eventSource", "is not the sign-in service")]
    [InlineData("awsRegion", "\"EU\"", "detail.awsRegion", "is not a region name")]
    [InlineData("sourceIPAddress", "{}", "detail.sourceIPAddress", "must be a string")]
    [InlineData("recipientAccountId", "\"210987654321\"", "detail.recipientAccountId", "is not the event's account")]
    [InlineData("responseElements", null, "detail.responseElements.ConsoleLogin", "is missing")]
    [InlineData("responseElements.ConsoleLogin", "\"Maybe\"", "detail.responseElements.ConsoleLogin", "is not Success or Failure")]
    [InlineData("responseElements", "\"Success\"", "detail.responseElements", "must be an object or null")]
    [InlineData("additionalEventData.MFAUsed", "\"true\"", "detail.additionalEventData.MFAUsed", "is not Yes or No")]
    public void Record_problems_are_refused_naming_the_field(string path, string? value, string expectedField, string expectedProblem)
    {
        var error = Refused(SignIn(), e => Set(e["detail"]!.AsObject(), path, value));

        Assert.Equal(expectedField, error.Field);
        Assert.Contains(expectedProblem, error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(2000, "")]
    [InlineData(129, "")]
    [InlineData(0, "f2b1c6a4\n3d5e")]
    [InlineData(0, "f2b1c6a4\u00003d5e")]
    [InlineData(0, "../../other-account/finding")]
    [InlineData(0, "f2b1c6a4 3d5e")]
    public void An_event_id_that_is_not_a_cloudtrail_event_id_is_refused_before_it_becomes_a_finding_id(int length, string text)
    {
        var eventId = length > 0 ? new string('a', length) : System.Text.RegularExpressions.Regex.Unescape(text);

        var error = Refused(SignIn(), e => e["detail"]!["eventID"] = eventId);

        Assert.Equal("detail.eventID", error.Field);
        Assert.Contains("is not a CloudTrail event id", error.Message, StringComparison.Ordinal);
        Assert.True(error.Message.Length < 600, $"the message repeats the whole value: {error.Message.Length} characters");
    }

    [Fact]
    public void An_event_id_of_128_letters_digits_and_dashes_is_accepted()
    {
        var json = SignIn();
        json["detail"]!["eventID"] = "A-9" + new string('b', 125);

        Assert.Equal(128, RootActivityEventParser.Parse(Encoding.UTF8.GetBytes(json.ToJsonString())).Record.EventId.Length);
    }

    [Fact]
    public void A_key_given_twice_anywhere_in_the_event_is_refused()
    {
        var text = File.ReadAllText(RepositoryPaths.Of("events", "root-console-sign-in-success.json"))
            .Replace("\"type\": \"Root\"", "\"type\": \"IAMUser\", \"type\": \"Root\"", StringComparison.Ordinal);
        Assert.Contains("\"IAMUser\"", text, StringComparison.Ordinal);

        var error = Assert.Throws<EventValidationException>(() => RootActivityEventParser.Parse(Encoding.UTF8.GetBytes(text)));

        Assert.Equal("detail.userIdentity.type", error.Field);
        Assert.Contains("appears more than once", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void An_api_call_from_the_sign_in_service_is_refused()
    {
        var error = Refused(ApiCall(), e => e["detail"]!["eventSource"] = "signin.amazonaws.com");

        Assert.Equal("detail.eventSource", error.Field);
    }

    [Theory]
    [InlineData("")]
    [InlineData("{")]
    [InlineData("[]")]
    [InlineData("null")]
    public void Anything_but_a_json_object_is_refused(string text)
    {
        var error = Assert.Throws<EventValidationException>(() => RootActivityEventParser.Parse(Encoding.UTF8.GetBytes(text)));

        Assert.Equal("event", error.Field);
    }

    [Fact]
    public void The_audit_functions_events_are_refused()
    {
        foreach (var file in new[] { "scheduled.json", "on-demand.json" })
        {
            Assert.Throws<EventValidationException>(() => RootActivityEventParser.Parse(File.ReadAllBytes(RepositoryPaths.Of("events", file))));
        }
    }

    [Fact]
    public void Fields_we_do_not_read_are_allowed_in_the_envelope_and_the_record()
    {
        var json = SignIn();
        json["replay-name"] = "archive-replay";
        json["detail"]!["newFieldAwsAddedLater"] = new JsonObject { ["x"] = 1 };
        json["detail"]!["tlsDetails"] = new JsonObject { ["tlsVersion"] = "TLSv1.3" };

        Assert.Equal("ConsoleLogin", RootActivityEventParser.Parse(Encoding.UTF8.GetBytes(json.ToJsonString())).Record.EventName);
    }

    [Fact]
    public void Optional_fields_may_be_absent_or_null()
    {
        var json = ApiCall();
        var detail = json["detail"]!.AsObject();
        detail.Remove("userAgent");
        detail.Remove("recipientAccountId");
        detail["sourceIPAddress"] = null;
        detail["responseElements"] = null;

        var record = RootActivityEventParser.Parse(Encoding.UTF8.GetBytes(json.ToJsonString())).Record;

        Assert.Null(record.UserAgent);
        Assert.Null(record.SourceIpAddress);
    }

    [Fact]
    public void Api_call_of_any_aws_service_is_accepted()
    {
        var json = ApiCall();
        json["source"] = "aws.s3";
        json["detail"]!["eventSource"] = "s3.amazonaws.com";
        json["detail"]!["eventName"] = "PutBucketPolicy";

        Assert.Equal("PutBucketPolicy", RootActivityEventParser.Parse(Encoding.UTF8.GetBytes(json.ToJsonString())).Record.EventName);
    }

    private static JsonObject SignIn() => JsonNode.Parse(File.ReadAllText(RepositoryPaths.Of("events", "root-console-sign-in-success.json")))!.AsObject();

    private static JsonObject ApiCall() => JsonNode.Parse(File.ReadAllText(RepositoryPaths.Of("events", "root-api-call.json")))!.AsObject();

    private static EventValidationException Refused(JsonObject json, Action<JsonObject> change)
    {
        change(json);
        return Assert.Throws<EventValidationException>(() => RootActivityEventParser.Parse(Encoding.UTF8.GetBytes(json.ToJsonString())));
    }

    /// <summary>Sets (or with null, removes) a dotted path.</summary>
    private static void Set(JsonObject root, string path, string? json)
    {
        var parts = path.Split('.');
        var parent = root;
        foreach (var part in parts[..^1])
        {
            parent = parent[part]!.AsObject();
        }

        if (json is null)
        {
            parent.Remove(parts[^1]);
        }
        else
        {
            parent[parts[^1]] = JsonNode.Parse(json);
        }
    }
}
