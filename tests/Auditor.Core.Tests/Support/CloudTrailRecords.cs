using System.Text.Json.Nodes;
using Auditor.Core.CloudTrail;
using Auditor.Core.Model;

namespace Auditor.Core.Tests.Support;

/// <summary>CloudTrail records of the root user, shaped as CloudTrail writes them (LookupEvents' CloudTrailEvent, EventBridge's detail).</summary>
internal static class CloudTrailRecords
{
    public const string Ip = "203.0.113.7";
    public const string Browser = "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36";

    public static JsonObject ConsoleLogin(string result, string? mfaUsed, DateTimeOffset time, string eventId = "f2b1c6a4-3d5e-4c1b-9e0a-7a9d2c4b8e61")
    {
        var record = Base("ConsoleLogin", "signin.amazonaws.com", "AwsConsoleSignIn", time, eventId);
        record["responseElements"] = new JsonObject { ["ConsoleLogin"] = result };
        var additional = new JsonObject { ["LoginTo"] = "https://console.aws.amazon.com/console/home", ["MobileVersion"] = "No" };
        if (mfaUsed is not null)
        {
            additional["MFAUsed"] = mfaUsed;
        }

        record["additionalEventData"] = additional;
        if (result == "Failure")
        {
            record["errorMessage"] = "Failed authentication";
        }

        return record;
    }

    /// <summary>An API call in a console session (<paramref name="mfaAuthenticated"/> set) or with a root access key (null).</summary>
    public static JsonObject ApiCall(string eventName, string service, bool? mfaAuthenticated, DateTimeOffset time, string eventId = "9c4e2a7b-1f3d-4e6a-8b5c-0d2f7a9e1c38", string region = "us-east-1")
    {
        var record = Base(eventName, $"{service}.amazonaws.com", "AwsApiCall", time, eventId, region);
        var identity = record["userIdentity"]!.AsObject();
        if (mfaAuthenticated is { } mfa)
        {
            identity["accessKeyId"] = "ASIAEXAMPLEROOTSESS1";
            identity["sessionContext"] = new JsonObject
            {
                ["attributes"] = new JsonObject { ["creationDate"] = "2026-11-20T09:15:02Z", ["mfaAuthenticated"] = mfa ? "true" : "false" },
            };
        }
        else
        {
            identity["accessKeyId"] = "AKIAEXAMPLEROOTKEY01";
        }

        record["userAgent"] = "aws-cli/2.22.0 md/awscrt#0.23.4 ua/2.0 os/linux#6.8.0 md/arch#x86_64 lang/python#3.12.6";
        record["responseElements"] = null;
        return record;
    }

    public static RootEventRecord Read(JsonObject record) =>
        CloudTrailRecordReader.ReadRoot(record.ToJsonString()) ?? throw new InvalidOperationException("not a root record");

    private static JsonObject Base(string eventName, string eventSource, string eventType, DateTimeOffset time, string eventId, string region = "us-east-1") => new()
    {
        ["eventVersion"] = "1.09",
        ["userIdentity"] = new JsonObject
        {
            ["type"] = "Root",
            ["principalId"] = "123456789012",
            ["arn"] = "arn:aws:iam::123456789012:root",
            ["accountId"] = "123456789012",
        },
        ["eventTime"] = time.ToUniversalTime().ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", System.Globalization.CultureInfo.InvariantCulture),
        ["eventSource"] = eventSource,
        ["eventName"] = eventName,
        ["awsRegion"] = region,
        ["sourceIPAddress"] = Ip,
        ["userAgent"] = Browser,
        ["requestParameters"] = null,
        ["eventID"] = eventId,
        ["readOnly"] = false,
        ["eventType"] = eventType,
        ["managementEvent"] = true,
        ["recipientAccountId"] = "123456789012",
        ["eventCategory"] = "Management",
    };
}
