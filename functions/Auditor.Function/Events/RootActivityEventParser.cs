using System.Text.Json;
using System.Text.RegularExpressions;
using Auditor.Core.Auditing;
using Auditor.Core.CloudTrail;

namespace Auditor.Function.Events;

/// <summary>
/// Reads the root-alert function's event strictly: an EventBridge "AWS Console Sign In via CloudTrail" or "AWS API
/// Call via CloudTrail" event whose <c>detail.userIdentity.type</c> is <c>Root</c>. Every field the finding is built
/// from must be present with the right type and a valid value (an error names it); the sign-in result and MFA flag
/// must be one of their documented values. Fields we do not read are allowed, in the envelope and in the CloudTrail
/// record alike: AWS adds fields to both over time, and a root alert must not be lost to one.
/// </summary>
public static partial class RootActivityEventParser
{
    public const string SignInDetailType = "AWS Console Sign In via CloudTrail";
    public const string ApiCallDetailType = "AWS API Call via CloudTrail";
    public const string SignInSource = "aws.signin";
    public const string SignInEventSource = "signin.amazonaws.com";

    /// <summary>The longest <c>detail.eventID</c> taken: CloudTrail's event ids are 36-character GUIDs.</summary>
    public const int MaxEventIdLength = 128;


    public static RootActivityEvent Parse(byte[] payload)
    {
        var document = EventJson.Parse(payload);

        using (document)
        {
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object)
            {
                throw new EventValidationException("event", $"must be a JSON object, not {EventJson.Describe(root)}");
            }

            var detailType = RequiredString(root, "detail-type", "detail-type");
            if (detailType is not (SignInDetailType or ApiCallDetailType))
            {
                throw new EventValidationException("detail-type", $"{EventJson.Quote(detailType)} is not an event the root-alert function takes (expected '{SignInDetailType}' or '{ApiCallDetailType}')");
            }

            var signIn = detailType == SignInDetailType;
            var source = RequiredString(root, "source", "source");
            if (signIn ? source != SignInSource : !source.StartsWith("aws.", StringComparison.Ordinal))
            {
                throw new EventValidationException("source", $"{EventJson.Quote(source)} is not the source of a {(signIn ? "console sign-in" : "CloudTrail API call")} event (expected {(signIn ? $"'{SignInSource}'" : "'aws.<service>'")})");
            }

            var account = RequiredString(root, "account", "account");
            if (!AwsNames.IsAccountId(account))
            {
                throw new EventValidationException("account", $"{EventJson.Quote(account)} is not a 12-digit account id");
            }

            var region = RegionName(root, "region", "region");
            var id = OptionalString(root, "id", "id");
            if (!root.TryGetProperty("detail", out var detail) || detail.ValueKind != JsonValueKind.Object)
            {
                throw new EventValidationException("detail", detail.ValueKind == JsonValueKind.Undefined ? "is missing" : $"must be the CloudTrail record (an object), not {EventJson.Describe(detail)}");
            }

            ValidateDetail(detail, signIn, account);
            var record = CloudTrailRecordReader.ReadRoot(detail)
                ?? throw new EventValidationException("detail", "is not a readable root-user CloudTrail record");
            return new RootActivityEvent(id, detailType, source, account, region, record);
        }
    }

    private static void ValidateDetail(JsonElement detail, bool signIn, string account)
    {
        if (!detail.TryGetProperty("userIdentity", out var identity) || identity.ValueKind != JsonValueKind.Object)
        {
            throw new EventValidationException("detail.userIdentity", identity.ValueKind == JsonValueKind.Undefined ? "is missing" : $"must be an object, not {EventJson.Describe(identity)}");
        }

        var type = RequiredString(identity, "type", "detail.userIdentity.type");
        if (type != CloudTrailRecordReader.RootIdentityType)
        {
            throw new EventValidationException("detail.userIdentity.type", $"{EventJson.Quote(type)} is not Root: the root-alert function takes root-user events only (the EventBridge rule matches detail.userIdentity.type = Root)");
        }

        var eventId = RequiredString(detail, "eventID", "detail.eventID");
        if (!CloudTrailEventIdPattern().IsMatch(eventId))
        {
            // The event id becomes part of the finding id; CloudTrail's are GUIDs, so anything else is not CloudTrail's.
            throw new EventValidationException("detail.eventID", $"{EventJson.Quote(eventId)} is not a CloudTrail event id (1 to {MaxEventIdLength} letters, digits and '-', such as 3c5d1f0e-8a2b-4c6d-9e7f-0a1b2c3d4e5f)");
        }

        var eventName = RequiredString(detail, "eventName", "detail.eventName");
        var eventTime = RequiredString(detail, "eventTime", "detail.eventTime");
        if (CloudTrailRecordReader.Time(eventTime) is null)
        {
            throw new EventValidationException("detail.eventTime", $"{EventJson.Quote(eventTime)} is not a timestamp (expected ISO 8601 such as 2026-11-20T09:15:02Z)");
        }

        var eventSource = RequiredString(detail, "eventSource", "detail.eventSource");
        if (signIn != (eventSource == SignInEventSource))
        {
            throw new EventValidationException("detail.eventSource", signIn
                ? $"{EventJson.Quote(eventSource)} is not the sign-in service ({SignInEventSource}) of a console sign-in event"
                : $"{EventJson.Quote(eventSource)} is the sign-in service, but the event is an API call");
        }

        RegionName(detail, "awsRegion", "detail.awsRegion");
        foreach (var optional in new[] { "sourceIPAddress", "userAgent", "eventType", "errorCode", "errorMessage" })
        {
            OptionalString(detail, optional, $"detail.{optional}");
        }

        if (OptionalString(detail, "recipientAccountId", "detail.recipientAccountId") is { } recipient && recipient != account)
        {
            throw new EventValidationException("detail.recipientAccountId", $"{EventJson.Quote(recipient)} is not the event's account {account}");
        }

        var responseElements = OptionalObject(detail, "responseElements", "detail.responseElements");
        var consoleLogin = responseElements is { } elements ? OptionalString(elements, "ConsoleLogin", "detail.responseElements.ConsoleLogin") : null;
        if (signIn && eventName == "ConsoleLogin" && consoleLogin is not ("Success" or "Failure"))
        {
            throw new EventValidationException("detail.responseElements.ConsoleLogin", consoleLogin is null
                ? "is missing: a ConsoleLogin event says Success or Failure there"
                : $"{EventJson.Quote(consoleLogin)} is not Success or Failure");
        }

        if (OptionalObject(detail, "additionalEventData", "detail.additionalEventData") is { } additional
            && OptionalString(additional, "MFAUsed", "detail.additionalEventData.MFAUsed") is { } mfa
            && mfa is not ("Yes" or "No"))
        {
            throw new EventValidationException("detail.additionalEventData.MFAUsed", $"{EventJson.Quote(mfa)} is not Yes or No");
        }
    }

    private static string RequiredString(JsonElement parent, string name, string field)
    {
        if (!parent.TryGetProperty(name, out var value))
        {
            throw new EventValidationException(field, "is missing");
        }

        return value.ValueKind == JsonValueKind.String && value.GetString() is { Length: > 0 } text
            ? text
            : throw new EventValidationException(field, $"must be a non-empty string, not {EventJson.Describe(value)}");
    }

    private static string? OptionalString(JsonElement parent, string name, string field)
    {
        if (!parent.TryGetProperty(name, out var value) || value.ValueKind == JsonValueKind.Null)
        {
            return null;
        }

        return value.ValueKind == JsonValueKind.String
            ? value.GetString()
            : throw new EventValidationException(field, $"must be a string, not {EventJson.Describe(value)}");
    }

    private static JsonElement? OptionalObject(JsonElement parent, string name, string field)
    {
        if (!parent.TryGetProperty(name, out var value) || value.ValueKind == JsonValueKind.Null)
        {
            return null;
        }

        return value.ValueKind == JsonValueKind.Object
            ? value
            : throw new EventValidationException(field, $"must be an object or null, not {EventJson.Describe(value)}");
    }

    private static string RegionName(JsonElement parent, string name, string field)
    {
        var region = RequiredString(parent, name, field);
        return AwsNames.IsRegion(region)
            ? region
            : throw new EventValidationException(field, $"{EventJson.Quote(region)} is not a region name (expected a name like us-east-1)");
    }

    [GeneratedRegex(@"^[A-Za-z0-9-]{1,128}\z")]
    private static partial Regex CloudTrailEventIdPattern();
}
