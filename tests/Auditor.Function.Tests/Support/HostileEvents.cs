using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Auditor.Testing;

namespace Auditor.Function.Tests.Support;

/// <summary>
/// Events an attacker or a broken integration might send: the sample events of <c>events/</c> mutated (a value
/// replaced by a hostile one, a field removed, added or given twice, the SQS body's audit message mutated in turn, bytes
/// flipped, cut or made invalid UTF-8), and JSON built at random. Each event is made from one seed, so a failing one
/// can be made again.
/// </summary>
internal static class HostileEvents
{
    private static readonly string[] Samples = Directory.GetFiles(RepositoryPaths.Of("events"), "*.json")
        .Order(StringComparer.Ordinal)
        .Select(File.ReadAllText)
        .ToArray();

    /// <summary>Field names the parsers know, so that mutations reach past the first check.</summary>
    private static readonly string[] KnownNames =
    [
        "accounts", "regions", "checks", "dryRun", "detail-type", "source", "id", "account", "region", "detail", "Records",
        "messageId", "body", "eventSource", "attributes", "ApproximateReceiveCount", "version", "runId", "accountId",
        "userIdentity", "type", "eventID", "eventName", "eventTime", "awsRegion", "recipientAccountId", "responseElements",
        "ConsoleLogin", "additionalEventData", "MFAUsed", "sourceIPAddress", "userAgent",
    ];

    /// <summary>Values that pass some check and fail the next, besides the merely hostile ones.</summary>
    private static readonly string[] PlausibleStrings =
    [
        "all", "ALL", "us-east-1", "eu-west-1", "us-gov-west-1", "cn-north-1", "mars-north-1", "123456789012", "210987654321",
        "iam.user-mfa", "guardduty.enabled", "Scheduled Event", "aws.events", "aws.signin", "signin.amazonaws.com", "Root",
        "IAMUser", "ConsoleLogin", "Success", "Failure", "Yes", "No", "AWS Console Sign In via CloudTrail",
        "AWS API Call via CloudTrail", "aws:sqs", "2026-11-20T09:15:02Z", "f2b1c6a4-3d5e-4c1b-9e0a-7a9d2c4b8e61", "",
        "20260301T030000Z-9f86d081", "auditor-'; DROP TABLE", "../../../etc/passwd", "${jndi:ldap://x}",
    ];

    public static byte[] Make(int seed)
    {
        var random = new Random(seed);
        var text = random.Next(10) == 0 ? Write(RandomValue(random, 0), random) : MutatedSample(random);
        var bytes = Encoding.UTF8.GetBytes(text);
        return random.Next(6) == 0 ? MutateBytes(bytes, random) : bytes;
    }

    private static string MutatedSample(Random random)
    {
        var node = JsonNode.Parse(Samples[random.Next(Samples.Length)])!;
        var mutations = 1 + random.Next(3);
        for (var i = 0; i < mutations; i++)
        {
            Mutate(node, random);
        }

        return Write(node, random);
    }

    private static void Mutate(JsonNode root, Random random)
    {
        var containers = new List<JsonNode>();
        Collect(root, containers);
        var target = containers[random.Next(containers.Count)];
        switch (target)
        {
            case JsonObject obj when obj.Count > 0 && obj.ElementAt(random.Next(obj.Count)) is var (name, value):
                switch (random.Next(5))
                {
                    case 0:
                        obj.Remove(name);
                        break;
                    case 1:
                        obj[name] = RandomValue(random, 0);
                        break;
                    case 2 when value is JsonValue v && v.TryGetValue<string>(out var body) && TryParse(body) is { } inner:
                        // A JSON text inside a string (the SQS message body): mutate what it says.
                        Mutate(inner, random);
                        obj[name] = Write(inner, random);
                        break;
                    default:
                        obj[Name(random)] = RandomValue(random, 0);
                        break;
                }

                break;
            case JsonObject obj:
                obj[Name(random)] = RandomValue(random, 0);
                break;
            case JsonArray array when array.Count > 0 && random.Next(2) == 0:
                array[random.Next(array.Count)] = RandomValue(random, 0);
                break;
            case JsonArray array:
                array.Add(RandomValue(random, 0));
                break;
        }
    }

    private static void Collect(JsonNode? node, List<JsonNode> into)
    {
        switch (node)
        {
            case JsonObject obj:
                into.Add(obj);
                foreach (var (_, value) in obj)
                {
                    Collect(value, into);
                }

                break;
            case JsonArray array:
                into.Add(array);
                foreach (var item in array)
                {
                    Collect(item, into);
                }

                break;
        }
    }

    private static JsonNode? TryParse(string text)
    {
        try
        {
            return text.StartsWith('{') ? JsonNode.Parse(text) : null;
        }
        catch (JsonException)
        {
            return null;
        }
    }

    private static string Name(Random random) => random.Next(3) == 0 ? HostileString(random) : KnownNames[random.Next(KnownNames.Length)];

    private static JsonNode? RandomValue(Random random, int depth)
    {
        var choice = depth > 3 ? random.Next(6) : random.Next(9);
        return choice switch
        {
            0 => null,
            1 => JsonValue.Create(random.Next(2) == 0),
            2 => JsonValue.Create(HostileString(random)),
            3 => JsonValue.Create(PlausibleStrings[random.Next(PlausibleStrings.Length)]),
            4 => random.Next(2) == 0 ? JsonValue.Create(random.NextInt64(long.MinValue, long.MaxValue)) : JsonValue.Create(random.NextDouble() * 1e300),
            5 => new JsonArray([.. Enumerable.Range(0, random.Next(3)).Select(_ => (JsonNode?)JsonValue.Create(PlausibleStrings[random.Next(PlausibleStrings.Length)]))]),
            6 => new JsonArray([.. Enumerable.Range(0, random.Next(4)).Select(_ => RandomValue(random, depth + 1))]),
            7 => Nested(random.Next(1, 80)),
            _ => new JsonObject(Enumerable.Range(0, random.Next(4)).Select(i => KeyValuePair.Create($"{Name(random)}{i}", RandomValue(random, depth + 1)))),
        };
    }

    // Past System.Text.Json's depth limit of 64 at times.
    private static JsonNode Nested(int depth)
    {
        JsonNode node = new JsonArray();
        for (var i = 0; i < depth; i++)
        {
            node = i % 2 == 0 ? new JsonArray(node) : new JsonObject { ["a"] = node };
        }

        return node;
    }

    private static string HostileString(Random random) => random.Next(8) switch
    {
        0 => new string('\'', random.Next(1, 300_000)),
        1 => new string((char)random.Next(0, 32), random.Next(1, 50)),
        2 => "a\u0000b\nc\r\u2028\u202E",
        3 => string.Concat(Enumerable.Repeat("\U0001F512", random.Next(1, 400))),
        4 => new string('a', random.Next(100, 3000)),
        5 => new string('9', random.Next(12, 5000)),
        6 => "\\\"'<>&%s%n{0}",
        _ => new Guid(RandomBytes(random, 16)).ToString() + new string('-', random.Next(0, 200)),
    };

    /// <summary>Writes JSON, at times giving one object's key twice (which <see cref="JsonNode"/> cannot hold).</summary>
    private static string Write(JsonNode? node, Random random)
    {
        var builder = new StringBuilder();
        WriteTo(builder, node, random);
        return builder.ToString();
    }

    private static void WriteTo(StringBuilder builder, JsonNode? node, Random random)
    {
        switch (node)
        {
            case JsonObject obj:
                builder.Append('{');
                var first = true;
                foreach (var (name, value) in obj)
                {
                    var times = random.Next(12) == 0 ? 2 : 1;
                    for (var t = 0; t < times; t++)
                    {
                        builder.Append(first ? string.Empty : ",").Append(JsonSerializer.Serialize(name)).Append(':');
                        WriteTo(builder, t == 0 ? value : RandomValue(random, 3), random);
                        first = false;
                    }
                }

                builder.Append('}');
                break;
            case JsonArray array:
                builder.Append('[');
                for (var i = 0; i < array.Count; i++)
                {
                    builder.Append(i == 0 ? string.Empty : ",");
                    WriteTo(builder, array[i], random);
                }

                builder.Append(']');
                break;
            case null:
                builder.Append("null");
                break;
            default:
                builder.Append(node.ToJsonString());
                break;
        }
    }

    private static byte[] RandomBytes(Random random, int count)
    {
        var bytes = new byte[count];
        random.NextBytes(bytes);
        return bytes;
    }

    private static byte[] MutateBytes(byte[] bytes, Random random)
    {
        var list = new List<byte>(bytes);
        switch (random.Next(4))
        {
            case 0 when list.Count > 0:
                list[random.Next(list.Count)] ^= (byte)(1 << random.Next(8));
                break;
            case 1:
                byte[][] invalid = [[0xFF], [0xC3], [0xED, 0xA0, 0x80], [0xF4, 0x90, 0x80, 0x80], [0xC0, 0xAF], [0x00]];
                list.InsertRange(random.Next(list.Count + 1), invalid[random.Next(invalid.Length)]);
                break;
            case 2:
                var at = random.Next(list.Count + 1);
                list.RemoveRange(at, list.Count - at);
                break;
            default:
                var junk = random.Next(1, 20).ToString(CultureInfo.InvariantCulture);
                list.InsertRange(random.Next(list.Count + 1), Encoding.UTF8.GetBytes(junk));
                break;
        }

        return [.. list];
    }
}
