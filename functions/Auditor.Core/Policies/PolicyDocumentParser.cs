using System.Text.Json;

namespace Auditor.Core.Policies;

/// <summary>
/// Reads the IAM policy grammar from JSON text: <c>Statement</c> an object or an array; <c>Effect</c> <c>Allow</c> or
/// <c>Deny</c>; <c>Action</c> / <c>NotAction</c> and <c>Resource</c> / <c>NotResource</c> a string or an array of
/// strings; <c>Principal</c> / <c>NotPrincipal</c> <c>"*"</c> or an object of <c>AWS</c>, <c>Service</c>,
/// <c>Federated</c>, <c>CanonicalUser</c>; <c>Condition</c> an object of operators, each an object of keys, each a
/// value or an array of values. Anything else is a <see cref="PolicyDocumentFormatException"/> naming where, never
/// a partial document that could read as harmless.
/// </summary>
public static class PolicyDocumentParser
{
    private static readonly JsonDocumentOptions Options = new() { MaxDepth = 16 };

    public static PolicyDocument Parse(string json)
    {
        ArgumentNullException.ThrowIfNull(json);
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(json, Options);
        }
        catch (JsonException e)
        {
            throw new PolicyDocumentFormatException($"the document is not JSON ({e.Message})", e);
        }

        using (document)
        {
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object)
            {
                throw new PolicyDocumentFormatException($"the document is a JSON {Kind(root)}, not an object");
            }

            if (!root.TryGetProperty("Statement", out var statement))
            {
                throw new PolicyDocumentFormatException("the document has no Statement");
            }

            var statements = statement.ValueKind switch
            {
                JsonValueKind.Object => [ReadStatement(statement, 0)],
                JsonValueKind.Array => statement.EnumerateArray().Select((s, i) => ReadStatement(s, i)).ToList(),
                _ => throw new PolicyDocumentFormatException($"Statement is a JSON {Kind(statement)}, not an object or an array"),
            };
            return new PolicyDocument(statements);
        }
    }

    private static PolicyStatement ReadStatement(JsonElement element, int index)
    {
        var where = $"Statement[{index}]";
        if (element.ValueKind != JsonValueKind.Object)
        {
            throw new PolicyDocumentFormatException($"{where} is a JSON {Kind(element)}, not an object");
        }

        string? sid = null;
        bool? allow = null;
        IReadOnlyList<string>? action = null, notAction = null, resource = null, notResource = null;
        PolicyPrincipal? principal = null, notPrincipal = null;
        IReadOnlyList<PolicyCondition> conditions = [];
        foreach (var property in element.EnumerateObject())
        {
            var at = $"{where}.{property.Name}";
            switch (property.Name)
            {
                case "Sid":
                    sid = property.Value.ValueKind == JsonValueKind.String ? property.Value.GetString() : throw new PolicyDocumentFormatException($"{at} is not a string");
                    break;
                case "Effect":
                    allow = property.Value.ValueKind == JsonValueKind.String ? property.Value.GetString() switch
                    {
                        "Allow" => true,
                        "Deny" => false,
                        var other => throw new PolicyDocumentFormatException($"{at} is '{other}', not Allow or Deny"),
                    } : throw new PolicyDocumentFormatException($"{at} is not a string");
                    break;
                case "Action":
                    action = Strings(property.Value, at);
                    break;
                case "NotAction":
                    notAction = Strings(property.Value, at);
                    break;
                case "Resource":
                    resource = Strings(property.Value, at);
                    break;
                case "NotResource":
                    notResource = Strings(property.Value, at);
                    break;
                case "Principal":
                    principal = ReadPrincipal(property.Value, at);
                    break;
                case "NotPrincipal":
                    notPrincipal = ReadPrincipal(property.Value, at);
                    break;
                case "Condition":
                    conditions = ReadConditions(property.Value, at);
                    break;
                default:
                    throw new PolicyDocumentFormatException($"{at} is not an element of a policy statement");
            }
        }

        if (allow is null)
        {
            throw new PolicyDocumentFormatException($"{where} has no Effect");
        }

        if (action is not null && notAction is not null)
        {
            throw new PolicyDocumentFormatException($"{where} has both Action and NotAction");
        }

        if (action is null && notAction is null)
        {
            throw new PolicyDocumentFormatException($"{where} has neither Action nor NotAction");
        }

        return new PolicyStatement
        {
            Index = index,
            Sid = sid,
            IsAllow = allow.Value,
            Action = action,
            NotAction = notAction,
            Resource = resource,
            NotResource = notResource,
            Principal = principal,
            NotPrincipal = notPrincipal,
            Conditions = conditions,
        };
    }

    private static PolicyPrincipal ReadPrincipal(JsonElement element, string where)
    {
        if (element.ValueKind == JsonValueKind.String)
        {
            return element.GetString() == "*"
                ? PolicyPrincipal.Everyone
                : throw new PolicyDocumentFormatException($"{where} is the string '{element.GetString()}', not \"*\" or an object");
        }

        if (element.ValueKind != JsonValueKind.Object)
        {
            throw new PolicyDocumentFormatException($"{where} is a JSON {Kind(element)}, not \"*\" or an object");
        }

        var principal = new PolicyPrincipal();
        foreach (var property in element.EnumerateObject())
        {
            var values = Strings(property.Value, $"{where}.{property.Name}");
            principal = property.Name switch
            {
                "AWS" => principal with { Aws = values },
                "Service" => principal with { Service = values },
                "Federated" => principal with { Federated = values },
                "CanonicalUser" => principal with { CanonicalUser = values },
                _ => throw new PolicyDocumentFormatException($"{where}.{property.Name} is not a kind of principal (AWS, Service, Federated, CanonicalUser)"),
            };
        }

        return principal;
    }

    private static List<PolicyCondition> ReadConditions(JsonElement element, string where)
    {
        if (element.ValueKind != JsonValueKind.Object)
        {
            throw new PolicyDocumentFormatException($"{where} is a JSON {Kind(element)}, not an object");
        }

        var conditions = new List<PolicyCondition>();
        foreach (var op in element.EnumerateObject())
        {
            var at = $"{where}.{op.Name}";
            if (op.Name.Length == 0 || op.Value.ValueKind != JsonValueKind.Object)
            {
                throw new PolicyDocumentFormatException($"{at} is not an object of condition keys");
            }

            foreach (var key in op.Value.EnumerateObject())
            {
                conditions.Add(new PolicyCondition(op.Name, key.Name, ConditionValues(key.Value, $"{at}.{key.Name}")));
            }
        }

        return conditions;
    }

    private static List<string> ConditionValues(JsonElement element, string where) => element.ValueKind switch
    {
        JsonValueKind.Array => element.EnumerateArray().Select(v => ConditionValue(v, where)).ToList(),
        _ => [ConditionValue(element, where)],
    };

    private static string ConditionValue(JsonElement element, string where) => element.ValueKind switch
    {
        JsonValueKind.String => element.GetString()!,
        JsonValueKind.True or JsonValueKind.False or JsonValueKind.Number => element.GetRawText(),
        _ => throw new PolicyDocumentFormatException($"{where} holds a JSON {Kind(element)}, not a string, number or boolean"),
    };

    private static List<string> Strings(JsonElement element, string where) => element.ValueKind switch
    {
        JsonValueKind.String => [element.GetString()!],
        JsonValueKind.Array => element.EnumerateArray().Select(v => v.ValueKind == JsonValueKind.String
            ? v.GetString()!
            : throw new PolicyDocumentFormatException($"{where} holds a JSON {Kind(v)}, not a string")).ToList(),
        _ => throw new PolicyDocumentFormatException($"{where} is a JSON {Kind(element)}, not a string or an array of strings"),
    };

    private static string Kind(JsonElement element) => element.ValueKind.ToString().ToLowerInvariant();
}
