using System.Globalization;
using System.Text.Json;

namespace Auditor.Function.Events;

/// <summary>
/// The SQS event Lambda hands the worker: <c>{"Records":[{messageId, receiptHandle, body, attributes{…},
/// messageAttributes, md5OfBody, eventSource:"aws:sqs", eventSourceARN, awsRegion}, …]}</c>.
/// </summary>
public sealed record SqsEvent(IReadOnlyList<SqsRecord> Records)
{
    /// <summary>
    /// Reads the event: not an SQS event at all (not an object, no Records array, a record without messageId or body,
    /// an eventSource other than aws:sqs) is an <see cref="EventValidationException"/>. Fields Lambda may add are
    /// ignored; a record's body is read later, per record, so one bad message never fails the others.
    /// </summary>
    public static SqsEvent Parse(byte[] payload)
    {
        var document = EventJson.Parse(payload);

        using (document)
        {
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object || !root.TryGetProperty(nameof(Records), out var records) || records.ValueKind != JsonValueKind.Array)
            {
                throw new EventValidationException(nameof(Records), "the worker takes an SQS event ({\"Records\":[…]}) from the audit queue");
            }

            var list = new List<SqsRecord>();
            var ids = new HashSet<string>(StringComparer.Ordinal);
            var index = 0;
            foreach (var record in records.EnumerateArray())
            {
                var where = $"Records[{index}]";
                if (record.ValueKind != JsonValueKind.Object)
                {
                    throw new EventValidationException(where, "must be an SQS message object");
                }

                var messageId = Text(record, "messageId") is { Length: > 0 } id ? id : throw new EventValidationException($"{where}.messageId", "is missing or empty");
                if (!ids.Add(messageId))
                {
                    throw new EventValidationException($"{where}.messageId", $"{EventJson.Quote(messageId)} appears twice in the batch");
                }

                var body = Text(record, "body") ?? throw new EventValidationException($"{where}.body", "is missing or not a string");
                if (Text(record, "eventSource") is { } source && source != "aws:sqs")
                {
                    throw new EventValidationException($"{where}.eventSource", $"{EventJson.Quote(source)} is not aws:sqs");
                }

                var receiveCount = record.TryGetProperty("attributes", out var attributes) && attributes.ValueKind == JsonValueKind.Object
                    && Text(attributes, "ApproximateReceiveCount") is { } count
                    && int.TryParse(count, NumberStyles.None, CultureInfo.InvariantCulture, out var n)
                        ? n
                        : (int?)null;
                list.Add(new SqsRecord(messageId, body, receiveCount, Text(record, "eventSourceARN")));
                index++;
            }

            return list.Count == 0 ? throw new EventValidationException(nameof(Records), "is empty; Lambda never sends an empty batch") : new SqsEvent(list);
        }
    }

    private static string? Text(JsonElement element, string name) =>
        element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;
}

/// <summary>One message of the batch: its id (what <c>batchItemFailures</c> names), body and receive count.</summary>
public sealed record SqsRecord(string MessageId, string Body, int? ReceiveCount, string? EventSourceArn);
