using System.Text.Json.Nodes;
using Auditor.Core.CloudTrail;
using static Auditor.Core.Tests.Support.CloudTrailRecords;

namespace Auditor.Core.Tests.CloudTrail;

public sealed class CloudTrailRecordReaderTests
{
    private static readonly DateTimeOffset When = new(2026, 11, 20, 9, 15, 2, TimeSpan.Zero);

    [Fact]
    public void Reads_a_root_console_sign_in()
    {
        var record = Read(ConsoleLogin("Success", "No", When));

        Assert.Equal("f2b1c6a4-3d5e-4c1b-9e0a-7a9d2c4b8e61", record.EventId);
        Assert.Equal("ConsoleLogin", record.EventName);
        Assert.Equal(When, record.EventTime);
        Assert.Equal("signin.amazonaws.com", record.EventSource);
        Assert.Equal("us-east-1", record.AwsRegion);
        Assert.Equal(Ip, record.SourceIpAddress);
        Assert.Equal(Browser, record.UserAgent);
        Assert.Equal("123456789012", record.AccountId);
        Assert.Equal("arn:aws:iam::123456789012:root", record.PrincipalArn);
        Assert.Equal("Success", record.ConsoleLoginResult);
        Assert.False(record.MfaUsed);
        Assert.True(record.IsConsoleSignIn);
        Assert.True(record.IsConsoleLogin);
        Assert.True(record.Succeeded);
    }

    [Fact]
    public void Failed_sign_in_is_not_successful()
    {
        var record = Read(ConsoleLogin("Failure", "No", When));

        Assert.False(record.Succeeded);
        Assert.Equal("Failed authentication", record.ErrorMessage);
    }

    [Theory]
    [InlineData("Yes", true)]
    [InlineData("No", false)]
    [InlineData(null, null)]
    public void Sign_in_mfa_comes_from_additional_event_data(string? mfaUsed, bool? expected)
    {
        Assert.Equal(expected, Read(ConsoleLogin("Success", mfaUsed, When)).MfaUsed);
    }

    [Theory]
    [InlineData(true, true)]
    [InlineData(false, false)]
    public void Api_call_mfa_comes_from_the_session_context(bool mfaAuthenticated, bool expected)
    {
        var record = Read(ApiCall("UpdateAccountPasswordPolicy", "iam", mfaAuthenticated, When));

        Assert.Equal(expected, record.MfaUsed);
        Assert.False(record.IsConsoleSignIn);
        Assert.True(record.Succeeded);
    }

    [Fact]
    public void Api_call_signed_with_a_root_access_key_never_carries_mfa()
    {
        Assert.False(Read(ApiCall("ListBuckets", "s3", null, When)).MfaUsed);
    }

    [Fact]
    public void Api_call_that_answered_an_error_is_not_successful()
    {
        var json = ApiCall("DeleteTrail", "cloudtrail", true, When);
        json["errorCode"] = "AccessDenied";
        json["errorMessage"] = "Access denied by an SCP";

        var record = Read(json);

        Assert.False(record.Succeeded);
        Assert.Equal("AccessDenied", record.ErrorCode);
    }

    [Theory]
    [InlineData("IAMUser")]
    [InlineData("AssumedRole")]
    [InlineData("AWSService")]
    public void Records_of_other_identities_are_not_root_records(string type)
    {
        // LookupEvents' Username=root also finds an IAM user named "root": only userIdentity.type decides.
        var json = ConsoleLogin("Success", "Yes", When);
        json["userIdentity"]!["type"] = type;

        Assert.Null(CloudTrailRecordReader.ReadRoot(json.ToJsonString()));
    }

    [Theory]
    [InlineData("eventID")]
    [InlineData("eventName")]
    [InlineData("eventTime")]
    [InlineData("awsRegion")]
    public void Record_without_an_identifying_field_is_not_read(string field)
    {
        var json = ConsoleLogin("Success", "Yes", When);
        json.Remove(field);

        Assert.Null(CloudTrailRecordReader.ReadRoot(json.ToJsonString()));
    }

    [Theory]
    [InlineData("")]
    [InlineData("not json")]
    [InlineData("[1,2]")]
    [InlineData("{\"userIdentity\":\"Root\"}")]
    public void Anything_that_is_not_a_record_reads_as_null(string text)
    {
        Assert.Null(CloudTrailRecordReader.ReadRoot(text));
    }

    [Fact]
    public void Fields_of_the_wrong_type_read_as_absent()
    {
        var json = ConsoleLogin("Success", "Yes", When);
        json["sourceIPAddress"] = 42;
        json["userAgent"] = new JsonArray();

        var record = Read(json);

        Assert.Null(record.SourceIpAddress);
        Assert.Null(record.UserAgent);
    }

    [Fact]
    public void Reads_the_sample_events_detail()
    {
        foreach (var (file, expectedName) in new[] { ("root-console-sign-in-success.json", "ConsoleLogin"), ("root-console-sign-in-failure.json", "ConsoleLogin"), ("root-api-call.json", "UpdateAccountPasswordPolicy") })
        {
            var sample = JsonNode.Parse(File.ReadAllText(Auditor.Testing.RepositoryPaths.Of("events", file)))!;
            var record = CloudTrailRecordReader.ReadRoot(sample["detail"]!.ToJsonString());

            Assert.NotNull(record);
            Assert.Equal(expectedName, record.EventName);
        }
    }
}
