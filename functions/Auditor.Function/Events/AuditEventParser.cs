using System.Text.Json;
using System.Text.RegularExpressions;
using Auditor.Core.Auditing;
using Auditor.Core.Checks;

namespace Auditor.Function.Events;

/// <summary>
/// Reads the audit function's event strictly: unknown fields, unknown check ids, malformed account ids or
/// region names and malformed JSON are errors that name the field, raised before anything runs. <c>accounts</c> is a
/// list of account ids or the string <c>"all"</c> (whether the deployment may audit them is the function's call).
/// </summary>
public static partial class AuditEventParser
{
    /// <summary>The value of <c>accounts</c> that means every active account of the organization.</summary>
    public const string AllAccounts = "all";

    private static readonly string[] OnDemandFields = ["accounts", "regions", "checks", "dryRun"];

    public static AuditEvent Parse(byte[] payload)
    {
        var document = EventJson.Parse(payload);

        using (document)
        {
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object)
            {
                throw new EventValidationException("event", $"must be a JSON object, not {EventJson.Describe(root)}");
            }

            return root.TryGetProperty("detail-type", out _) || root.TryGetProperty("source", out _)
                ? ParseScheduled(root)
                : ParseOnDemand(root);
        }
    }

    private static AuditEvent ParseScheduled(JsonElement root)
    {
        var detailType = root.TryGetProperty("detail-type", out var d) && d.ValueKind == JsonValueKind.String ? d.GetString() : null;
        var source = root.TryGetProperty("source", out var s) && s.ValueKind == JsonValueKind.String ? s.GetString() : null;
        if (detailType != "Scheduled Event" || source != "aws.events")
        {
            throw new EventValidationException("detail-type", $"{EventJson.Quote(detailType)} from source {EventJson.Quote(source)} is not an event the audit function takes (expected 'Scheduled Event' from 'aws.events', or an on-demand event)");
        }

        // A scheduled run audits everything at the configured defaults; an on-demand field there would be silently
        // ignored, turning what looks like a narrow dry run into a real, importing run of everything.
        foreach (var field in OnDemandFields)
        {
            if (root.TryGetProperty(field, out _))
            {
                throw new EventValidationException(field, $"is an on-demand field, but the event is a scheduled event ('detail-type' and 'source' are EventBridge's); a scheduled run audits everything at the configured defaults, so leave out 'detail-type' and 'source' to ask for {field}");
            }
        }

        string? id = null;
        if (root.TryGetProperty("id", out var i))
        {
            // The id becomes the run id (and the member-role session name): EventBridge's ids are GUIDs.
            id = i.ValueKind == JsonValueKind.String && i.GetString() is { } text && EventIdPattern().IsMatch(text)
                ? text
                : throw new EventValidationException("id", $"{EventJson.Describe(i)} is not an EventBridge event id (1 to 50 letters, digits and '-')");
        }

        return new AuditEvent(true, null, null, null, false) { EventId = id };
    }

    private static AuditEvent ParseOnDemand(JsonElement root)
    {
        IReadOnlyList<string>? accounts = null, regions = null, checks = null;
        var dryRun = false;
        var allAccounts = false;
        foreach (var property in root.EnumerateObject())
        {
            switch (property.Name)
            {
                case "accounts" when property.Value.ValueKind == JsonValueKind.String:
                    allAccounts = property.Value.GetString() == AllAccounts
                        ? true
                        : throw new EventValidationException("accounts", $"must be an array of account ids or the string '{AllAccounts}' (organization mode), not {EventJson.Describe(property.Value)}");
                    break;
                case "accounts":
                    accounts = Strings(property, "an account id", v => AwsNames.IsAccountId(v) ? null : "is not a 12-digit account id");
                    break;
                case "regions":
                    regions = Strings(property, "a region name", v => AwsNames.IsRegion(v) ? null : "is not a region name (expected a name like us-east-1)");
                    break;
                case "checks":
                    checks = Strings(property, "a check id", v => CheckCatalog.Find(v) is null ? $"is not a check id (known: {string.Join(", ", CheckCatalog.Ids)})" : null);
                    break;
                case "dryRun":
                    dryRun = property.Value.ValueKind switch
                    {
                        JsonValueKind.True => true,
                        JsonValueKind.False => false,
                        _ => throw new EventValidationException("dryRun", $"must be true or false, not {EventJson.Describe(property.Value)}"),
                    };
                    break;
                default:
                    throw new EventValidationException(property.Name, $"is not a field of the on-demand event (known: {string.Join(", ", OnDemandFields)})");
            }
        }

        return new AuditEvent(false, accounts, regions, checks, dryRun) { AllAccounts = allAccounts };
    }

    private static List<string> Strings(JsonProperty property, string what, Func<string, string?> problemOf)
    {
        if (property.Value.ValueKind != JsonValueKind.Array)
        {
            throw new EventValidationException(property.Name, $"must be an array of strings, not {EventJson.Describe(property.Value)}");
        }

        var values = new List<string>();
        var index = 0;
        foreach (var item in property.Value.EnumerateArray())
        {
            if (item.ValueKind != JsonValueKind.String)
            {
                throw new EventValidationException($"{property.Name}[{index}]", $"must be {what} string, not {EventJson.Describe(item)}");
            }

            var value = item.GetString()!;
            if (problemOf(value) is { } problem)
            {
                throw new EventValidationException($"{property.Name}[{index}]", $"{EventJson.Quote(value)} {problem}");
            }

            if (!values.Contains(value, StringComparer.Ordinal))
            {
                values.Add(value);
            }

            index++;
        }

        return values.Count == 0
            ? throw new EventValidationException(property.Name, "must name at least one value; leave the field out for the default")
            : values;
    }

    [GeneratedRegex(@"^[A-Za-z0-9-]{1,50}\z")]
    private static partial Regex EventIdPattern();
}
