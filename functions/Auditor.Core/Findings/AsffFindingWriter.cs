using System.Text.Json;

namespace Auditor.Core.Findings;

/// <summary>
/// Writes one <see cref="AsffFinding"/> as JSON, byte for byte what
/// <c>JsonSerializer.Serialize(writer, finding, AsffJsonContext.Default.AsffFinding)</c> writes: the same member
/// order (declaration order), members without a value left out, timestamps as <see cref="AsffTimestampConverter"/>
/// writes them and string lists and maps as <see cref="AsffStringListConverter"/> and <see cref="AsffStringMapConverter"/>
/// do, escaped by the writer's encoder. <see cref="AsffJsonContext"/> has no fast path for a finding (its custom
/// converters rule one out), so every finding goes through the serializer's converter machinery; this is the
/// write path of the import, and it allocates nothing: member names are encoded once, lists are written by index,
/// a <see cref="Dictionary{TKey, TValue}"/> through its struct enumerator, and the parts findings share by reference
/// (a check's remediation, provider fields, types; the severities) are copied from bytes rendered once, by
/// <see cref="AsffFragmentCache"/>. <see cref="AsffJsonContext"/> stays the read path. Like the serializer, it
/// flushes the writer once the finding is written.
/// </summary>
public static class AsffFindingWriter
{
    private static readonly JsonEncodedText SchemaVersion = JsonEncodedText.Encode(nameof(AsffFinding.SchemaVersion));
    private static readonly JsonEncodedText Id = JsonEncodedText.Encode(nameof(AsffFinding.Id));
    private static readonly JsonEncodedText ProductArn = JsonEncodedText.Encode(nameof(AsffFinding.ProductArn));
    private static readonly JsonEncodedText GeneratorId = JsonEncodedText.Encode(nameof(AsffFinding.GeneratorId));
    private static readonly JsonEncodedText AwsAccountId = JsonEncodedText.Encode(nameof(AsffFinding.AwsAccountId));
    private static readonly JsonEncodedText Types = JsonEncodedText.Encode(nameof(AsffFinding.Types));
    private static readonly JsonEncodedText FirstObservedAt = JsonEncodedText.Encode(nameof(AsffFinding.FirstObservedAt));
    private static readonly JsonEncodedText LastObservedAt = JsonEncodedText.Encode(nameof(AsffFinding.LastObservedAt));
    private static readonly JsonEncodedText CreatedAt = JsonEncodedText.Encode(nameof(AsffFinding.CreatedAt));
    private static readonly JsonEncodedText UpdatedAt = JsonEncodedText.Encode(nameof(AsffFinding.UpdatedAt));
    private static readonly JsonEncodedText Severity = JsonEncodedText.Encode(nameof(AsffFinding.Severity));
    private static readonly JsonEncodedText Title = JsonEncodedText.Encode(nameof(AsffFinding.Title));
    private static readonly JsonEncodedText Description = JsonEncodedText.Encode(nameof(AsffFinding.Description));
    private static readonly JsonEncodedText Remediation = JsonEncodedText.Encode(nameof(AsffFinding.Remediation));
    private static readonly JsonEncodedText ProductFields = JsonEncodedText.Encode(nameof(AsffFinding.ProductFields));
    private static readonly JsonEncodedText Resources = JsonEncodedText.Encode(nameof(AsffFinding.Resources));
    private static readonly JsonEncodedText Compliance = JsonEncodedText.Encode(nameof(AsffFinding.Compliance));
    private static readonly JsonEncodedText Workflow = JsonEncodedText.Encode(nameof(AsffFinding.Workflow));
    private static readonly JsonEncodedText RecordState = JsonEncodedText.Encode(nameof(AsffFinding.RecordState));
    private static readonly JsonEncodedText FindingProviderFields = JsonEncodedText.Encode(nameof(AsffFinding.FindingProviderFields));
    private static readonly JsonEncodedText Region = JsonEncodedText.Encode(nameof(AsffFinding.Region));

    private static readonly JsonEncodedText Label = JsonEncodedText.Encode(nameof(AsffSeverity.Label));
    private static readonly JsonEncodedText Original = JsonEncodedText.Encode(nameof(AsffSeverity.Original));
    private static readonly JsonEncodedText Recommendation = JsonEncodedText.Encode(nameof(AsffRemediation.Recommendation));
    private static readonly JsonEncodedText Text = JsonEncodedText.Encode(nameof(AsffRecommendation.Text));
    private static readonly JsonEncodedText Url = JsonEncodedText.Encode(nameof(AsffRecommendation.Url));
    private static readonly JsonEncodedText Status = JsonEncodedText.Encode(nameof(AsffCompliance.Status));
    private static readonly JsonEncodedText RelatedRequirements = JsonEncodedText.Encode(nameof(AsffCompliance.RelatedRequirements));
    private static readonly JsonEncodedText StatusReasons = JsonEncodedText.Encode(nameof(AsffCompliance.StatusReasons));
    private static readonly JsonEncodedText ReasonCode = JsonEncodedText.Encode(nameof(AsffStatusReason.ReasonCode));
    private static readonly JsonEncodedText Type = JsonEncodedText.Encode(nameof(AsffResource.Type));
    private static readonly JsonEncodedText Partition = JsonEncodedText.Encode(nameof(AsffResource.Partition));
    private static readonly JsonEncodedText Details = JsonEncodedText.Encode(nameof(AsffResource.Details));
    private static readonly JsonEncodedText AwsIamUser = JsonEncodedText.Encode(nameof(AsffResourceDetails.AwsIamUser));
    private static readonly JsonEncodedText AwsGuardDutyDetector = JsonEncodedText.Encode(nameof(AsffResourceDetails.AwsGuardDutyDetector));
    private static readonly JsonEncodedText Other = JsonEncodedText.Encode(nameof(AsffResourceDetails.Other));
    private static readonly JsonEncodedText UserName = JsonEncodedText.Encode(nameof(AwsIamUserDetails.UserName));
    private static readonly JsonEncodedText Path = JsonEncodedText.Encode(nameof(AwsIamUserDetails.Path));
    private static readonly JsonEncodedText CreateDate = JsonEncodedText.Encode(nameof(AwsIamUserDetails.CreateDate));
    private static readonly JsonEncodedText Features = JsonEncodedText.Encode(nameof(AwsGuardDutyDetectorDetails.Features));
    private static readonly JsonEncodedText Name = JsonEncodedText.Encode(nameof(AwsGuardDutyDetectorFeature.Name));

    /// <summary>Writes <paramref name="finding"/> as one JSON object (a value: in an array, or after a property name).</summary>
    public static void Write(Utf8JsonWriter writer, AsffFinding finding)
    {
        ArgumentNullException.ThrowIfNull(writer);
        ArgumentNullException.ThrowIfNull(finding);

        var cache = WritesDefaultOutput(writer) ? AsffFragmentCache.Current : null;
        writer.WriteStartObject();
        WriteString(writer, SchemaVersion, finding.SchemaVersion);
        WriteString(writer, Id, finding.Id);
        WriteString(writer, ProductArn, finding.ProductArn);
        WriteString(writer, GeneratorId, finding.GeneratorId);
        WriteString(writer, AwsAccountId, finding.AwsAccountId);
        WriteShared(writer, cache, Types, finding.Types, finding.Types, WriteStringList);
        Span<byte> timestamp = stackalloc byte[TimestampLength];
        var timestampTicks = long.MinValue;
        WriteTimestamp(writer, FirstObservedAt, finding.FirstObservedAt, timestamp, ref timestampTicks);
        WriteTimestamp(writer, LastObservedAt, finding.LastObservedAt, timestamp, ref timestampTicks);
        WriteTimestamp(writer, CreatedAt, finding.CreatedAt, timestamp, ref timestampTicks);
        WriteTimestamp(writer, UpdatedAt, finding.UpdatedAt, timestamp, ref timestampTicks);
        WriteShared(writer, cache, Severity, finding.Severity, null, WriteSeverity);
        WriteString(writer, Title, finding.Title);
        WriteString(writer, Description, finding.Description);
        WriteShared(writer, cache, Remediation, finding.Remediation, null, WriteRemediation);
        WriteStringMap(writer, ProductFields, finding.ProductFields);
        WriteResources(writer, finding.Resources);
        WriteCompliance(writer, cache, finding.Compliance);
        if (finding.Workflow is { } workflow)
        {
            writer.WriteStartObject(Workflow);
            WriteString(writer, Status, workflow.Status);
            writer.WriteEndObject();
        }

        WriteString(writer, RecordState, finding.RecordState);
        WriteShared(writer, cache, FindingProviderFields, finding.FindingProviderFields, finding.FindingProviderFields?.Types, WriteProviderFields);
        WriteString(writer, Region, finding.Region);
        writer.WriteEndObject();
        writer.Flush();
    }

    /// <summary>
    /// Whether the writer writes what <see cref="AsffFragmentCache"/> renders: compact, with the default encoder, and
    /// with room under its depth limit for the deepest shared part (raw bytes do not count towards the writer's
    /// depth, so a part written whole would fail where the raw one would not). Otherwise every part is written in full.
    /// </summary>
    private static bool WritesDefaultOutput(Utf8JsonWriter writer)
    {
        var options = writer.Options;
        return !options.Indented && options.Encoder is null && writer.CurrentDepth + SharedPartDepth < options.MaxDepth;
    }

    /// <summary>How deep a shared part goes below the finding's own object: FindingProviderFields, its Severity, and one to spare.</summary>
    private const int SharedPartDepth = 4;

    /// <summary>A part findings share by reference, from <paramref name="cache"/> when there is one.</summary>
    private static void WriteShared<T>(Utf8JsonWriter writer, AsffFragmentCache? cache, JsonEncodedText name, T? part, IReadOnlyList<string>? strings, Action<Utf8JsonWriter, T> render)
        where T : class
    {
        if (part is null)
        {
            return;
        }

        writer.WritePropertyName(name);
        if (cache is null)
        {
            render(writer, part);
        }
        else
        {
            cache.Write(writer, part, strings, render);
        }
    }

    private static void WriteString(Utf8JsonWriter writer, JsonEncodedText name, string? value)
    {
        if (value is not null)
        {
            writer.WriteString(name, value);
        }
    }

    /// <summary>
    /// As <see cref="AsffTimestampConverter"/>: UTC <c>yyyy-MM-ddTHH:mm:ss.fffZ</c>, digit by digit on the stack. The
    /// same text as its custom format string (every <see cref="DateTimeOffset"/> has a four-digit year; <c>fff</c>
    /// cuts the fraction to whole milliseconds), at a fraction of its cost: the format string took about 175 ns a
    /// timestamp, four a finding.
    /// </summary>
    /// <param name="formatted">The text of the instant <paramref name="formattedTicks"/> (UTC ticks): a finding's four
    /// timestamps are mostly one instant, formatted once.</param>
    private static void WriteTimestamp(Utf8JsonWriter writer, JsonEncodedText name, DateTimeOffset? value, Span<byte> formatted, ref long formattedTicks)
    {
        if (value is not { } timestamp)
        {
            return;
        }

        if (timestamp.UtcTicks != formattedTicks)
        {
            FormatTimestamp(timestamp, formatted);
            formattedTicks = timestamp.UtcTicks;
        }

        writer.WriteString(name, formatted);
    }

    private const int TimestampLength = 24;

    private static void FormatTimestamp(DateTimeOffset value, Span<byte> utf8)
    {
        var utc = value.UtcDateTime;
        var (year, month, day) = utc;
        var time = utc.TimeOfDay.Ticks;
        Digits(utf8[..4], year);
        utf8[4] = (byte)'-';
        Digits(utf8.Slice(5, 2), month);
        utf8[7] = (byte)'-';
        Digits(utf8.Slice(8, 2), day);
        utf8[10] = (byte)'T';
        Digits(utf8.Slice(11, 2), (int)(time / TimeSpan.TicksPerHour));
        utf8[13] = (byte)':';
        Digits(utf8.Slice(14, 2), (int)(time / TimeSpan.TicksPerMinute % 60));
        utf8[16] = (byte)':';
        Digits(utf8.Slice(17, 2), (int)(time / TimeSpan.TicksPerSecond % 60));
        utf8[19] = (byte)'.';
        Digits(utf8.Slice(20, 3), (int)(time / TimeSpan.TicksPerMillisecond % 1000));
        utf8[23] = (byte)'Z';
    }

    /// <summary><paramref name="value"/> in decimal, zero-padded to fill <paramref name="digits"/>.</summary>
    private static void Digits(Span<byte> digits, int value)
    {
        for (var i = digits.Length - 1; i >= 0; i--)
        {
            digits[i] = (byte)('0' + (value % 10));
            value /= 10;
        }
    }

    /// <summary>As <see cref="AsffStringListConverter"/>: by index; an empty list is <c>[]</c>.</summary>
    private static void WriteStringList(Utf8JsonWriter writer, IReadOnlyList<string> list) => AsffStringListConverter.WriteList(writer, list);

    /// <summary>As <see cref="AsffStringMapConverter"/>, after the member's name; nothing for a null map.</summary>
    private static void WriteStringMap(Utf8JsonWriter writer, JsonEncodedText name, IReadOnlyDictionary<string, string>? map)
    {
        if (map is null)
        {
            return;
        }

        writer.WritePropertyName(name);
        AsffStringMapConverter.WriteMap(writer, map);
    }

    private static void WriteSeverity(Utf8JsonWriter writer, AsffSeverity severity)
    {
        writer.WriteStartObject();
        WriteString(writer, Label, severity.Label);
        WriteString(writer, Original, severity.Original);
        writer.WriteEndObject();
    }

    private static void WriteRemediation(Utf8JsonWriter writer, AsffRemediation remediation)
    {
        writer.WriteStartObject();
        if (remediation.Recommendation is { } recommendation)
        {
            writer.WriteStartObject(Recommendation);
            WriteString(writer, Text, recommendation.Text);
            WriteString(writer, Url, recommendation.Url);
            writer.WriteEndObject();
        }

        writer.WriteEndObject();
    }

    private static void WriteResources(Utf8JsonWriter writer, IReadOnlyList<AsffResource>? resources) =>
        WriteObjectList(writer, Resources, resources, static (writer, resource) =>
        {
            WriteString(writer, Type, resource.Type);
            WriteString(writer, Id, resource.Id);
            WriteString(writer, Partition, resource.Partition);
            WriteString(writer, Region, resource.Region);
            if (resource.Details is { } details)
            {
                WriteDetails(writer, details);
            }
        });

    private static void WriteDetails(Utf8JsonWriter writer, AsffResourceDetails details)
    {
        writer.WriteStartObject(Details);
        if (details.AwsIamUser is { } user)
        {
            writer.WriteStartObject(AwsIamUser);
            WriteString(writer, UserName, user.UserName);
            WriteString(writer, Path, user.Path);
            WriteString(writer, CreateDate, user.CreateDate);
            writer.WriteEndObject();
        }

        if (details.AwsGuardDutyDetector is { } detector)
        {
            writer.WriteStartObject(AwsGuardDutyDetector);
            WriteString(writer, Status, detector.Status);
            WriteObjectList(writer, Features, detector.Features, static (writer, feature) =>
            {
                WriteString(writer, Name, feature.Name);
                WriteString(writer, Status, feature.Status);
            });

            writer.WriteEndObject();
        }

        WriteStringMap(writer, Other, details.Other);
        writer.WriteEndObject();
    }

    private static void WriteCompliance(Utf8JsonWriter writer, AsffFragmentCache? cache, AsffCompliance? compliance)
    {
        if (compliance is null)
        {
            return;
        }

        writer.WriteStartObject(Compliance);
        WriteString(writer, Status, compliance.Status);
        WriteShared(writer, cache, RelatedRequirements, compliance.RelatedRequirements, compliance.RelatedRequirements, WriteStringList);
        WriteObjectList(writer, StatusReasons, compliance.StatusReasons, static (writer, reason) =>
        {
            WriteString(writer, ReasonCode, reason.ReasonCode);
            WriteString(writer, Description, reason.Description);
        });
        writer.WriteEndObject();
    }

    /// <summary>A list of objects by index (a null element as <c>null</c>), each object's members written by <paramref name="writeMembers"/>.</summary>
    private static void WriteObjectList<T>(Utf8JsonWriter writer, JsonEncodedText name, IReadOnlyList<T>? list, Action<Utf8JsonWriter, T> writeMembers)
        where T : class
    {
        if (list is null)
        {
            return;
        }

        writer.WriteStartArray(name);
        for (var i = 0; i < list.Count; i++)
        {
            if (list[i] is not { } item)
            {
                writer.WriteNullValue();
                continue;
            }

            writer.WriteStartObject();
            writeMembers(writer, item);
            writer.WriteEndObject();
        }

        writer.WriteEndArray();
    }

    private static void WriteProviderFields(Utf8JsonWriter writer, AsffFindingProviderFields fields)
    {
        writer.WriteStartObject();
        WriteShared(writer, null, Severity, fields.Severity, null, WriteSeverity);
        WriteShared(writer, null, Types, fields.Types, null, WriteStringList);
        writer.WriteEndObject();
    }
}
