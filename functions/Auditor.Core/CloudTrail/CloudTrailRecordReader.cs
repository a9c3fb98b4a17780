using System.Globalization;
using System.Text.Json;
using Auditor.Core.Model;

namespace Auditor.Core.CloudTrail;

/// <summary>
/// Reads the fields Auditor reports from a CloudTrail record: the <c>CloudTrailEvent</c> document of a LookupEvents
/// result, or the <c>detail</c> of a CloudTrail event delivered by EventBridge (the same record). Tolerant: a field of
/// the wrong type reads as absent; callers that must refuse malformed records validate them first.
/// </summary>
public static class CloudTrailRecordReader
{
    /// <summary><c>userIdentity.type</c> of the root user.</summary>
    public const string RootIdentityType = "Root";

    /// <summary>The record's <c>userIdentity.type</c>; null when it has none.</summary>
    public static string? IdentityType(JsonElement record) => Text(Member(record, "userIdentity"), "type");

    /// <summary>A record of the root user; null when the record is another identity's or lacks <c>eventID</c>, <c>eventName</c>, <c>eventTime</c> or <c>awsRegion</c>.</summary>
    public static RootEventRecord? ReadRoot(JsonElement record)
    {
        if (record.ValueKind != JsonValueKind.Object || IdentityType(record) != RootIdentityType)
        {
            return null;
        }

        var id = Text(record, "eventID");
        var name = Text(record, "eventName");
        var region = Text(record, "awsRegion");
        var time = Time(Text(record, "eventTime"));
        if (id is null || name is null || region is null || time is null)
        {
            return null;
        }

        var identity = Member(record, "userIdentity");
        return new RootEventRecord
        {
            EventId = id,
            EventName = name,
            EventTime = time.Value,
            EventSource = Text(record, "eventSource"),
            EventType = Text(record, "eventType"),
            AwsRegion = region,
            SourceIpAddress = Text(record, "sourceIPAddress"),
            UserAgent = Text(record, "userAgent"),
            AccountId = Text(record, "recipientAccountId") ?? Text(identity, "accountId"),
            PrincipalArn = Text(identity, "arn"),
            InvokedBy = Text(identity, "invokedBy"),
            ConsoleLoginResult = Text(Member(record, "responseElements"), "ConsoleLogin"),
            ErrorCode = Text(record, "errorCode"),
            ErrorMessage = Text(record, "errorMessage"),
            MfaUsed = MfaUsed(record, identity),
        };
    }

    /// <summary>A root record from a JSON document; null when the text is not JSON or not a root record.</summary>
    public static RootEventRecord? ReadRoot(string json)
    {
        try
        {
            using var document = JsonDocument.Parse(json);
            return ReadRoot(document.RootElement);
        }
        catch (JsonException)
        {
            return null;
        }
    }

    /// <summary>A CloudTrail timestamp (<c>2026-11-20T09:15:02Z</c>) as UTC; null when it is not one.</summary>
    public static DateTimeOffset? Time(string? text) =>
        text is not null && DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out var value)
            ? value
            : null;

    /// <summary>
    /// <c>additionalEventData.MFAUsed</c> (Yes/No) of a sign-in; else <c>sessionContext.attributes.mfaAuthenticated</c>
    /// of a session; else false for a long-term access key (<c>AKIA…</c>), which never carries MFA; else unknown.
    /// </summary>
    private static bool? MfaUsed(JsonElement record, JsonElement identity)
    {
        switch (Text(Member(record, "additionalEventData"), "MFAUsed"))
        {
            case "Yes":
                return true;
            case "No":
                return false;
        }

        var attributes = Member(Member(identity, "sessionContext"), "attributes");
        if (attributes.ValueKind == JsonValueKind.Object && attributes.TryGetProperty("mfaAuthenticated", out var mfa))
        {
            switch (mfa.ValueKind)
            {
                case JsonValueKind.True:
                    return true;
                case JsonValueKind.False:
                    return false;
                case JsonValueKind.String when bool.TryParse(mfa.GetString(), out var value):
                    return value;
            }
        }

        return Text(identity, "accessKeyId") is { } key && key.StartsWith("AKIA", StringComparison.Ordinal) ? false : null;
    }

    private static JsonElement Member(JsonElement element, string name) =>
        element.ValueKind == JsonValueKind.Object && element.TryGetProperty(name, out var value) ? value : default;

    private static string? Text(JsonElement element, string name) =>
        Member(element, name) is { ValueKind: JsonValueKind.String } value && value.GetString() is { Length: > 0 } text ? text : null;
}
