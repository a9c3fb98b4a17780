using System.Globalization;
using System.Text.Json.Nodes;

namespace Auditor.Aws.Tests.Support;

/// <summary>CloudTrail records as LookupEvents carries them in <c>CloudTrailEvent</c>.</summary>
internal static class RootRecordJson
{
    public static JsonObject Record(string eventName, DateTimeOffset time, string eventId, string region = "us-east-1", string identityType = "Root", string eventSource = "iam.amazonaws.com") => new()
    {
        ["eventVersion"] = "1.09",
        ["userIdentity"] = new JsonObject
        {
            ["type"] = identityType,
            ["principalId"] = identityType == "Root" ? "123456789012" : "AIDAEXAMPLEUSERROOT1",
            ["arn"] = identityType == "Root" ? "arn:aws:iam::123456789012:root" : "arn:aws:iam::123456789012:user/root",
            ["accountId"] = "123456789012",
            ["accessKeyId"] = "AKIAEXAMPLEROOTKEY01",
        },
        ["eventTime"] = time.ToUniversalTime().ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture),
        ["eventSource"] = eventSource,
        ["eventName"] = eventName,
        ["awsRegion"] = region,
        ["sourceIPAddress"] = "198.51.100.23",
        ["userAgent"] = "aws-cli/2.22.0 md/awscrt#0.23.4 ua/2.0 os/linux#6.8.0 md/arch#x86_64 lang/python#3.12.6",
        ["requestParameters"] = null,
        ["responseElements"] = null,
        ["eventID"] = eventId,
        ["readOnly"] = false,
        ["eventType"] = "AwsApiCall",
        ["managementEvent"] = true,
        ["recipientAccountId"] = "123456789012",
        ["eventCategory"] = "Management",
    };
}
