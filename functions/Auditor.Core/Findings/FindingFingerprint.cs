using System.Buffers;
using System.Security.Cryptography;
using System.Text.Json;

namespace Auditor.Core.Findings;

/// <summary>
/// The content fingerprint of a finding as Auditor writes it, kept in its <see cref="EvidenceFields.Fingerprint"/>
/// product field: two findings with the same fingerprint say the same thing. It covers everything Auditor writes
/// (compliance status and reasons, severity, title, description, types, remediation, resources, record state, the
/// evidence) except what only says when something was observed: the timestamps, the evidence's source and time
/// (the credential report's generation time changes every four hours), the check's
/// <see cref="Checks.CheckMetadata.ObservedEvidence"/>, and the workflow, which belongs to the security team once the
/// finding exists. Security Hub's own <c>aws/</c> fields are not Auditor's. The value starts with
/// <see cref="Version"/>: a release that writes findings differently bumps it, and every finding counts as changed once.
/// </summary>
public static class FindingFingerprint
{
    public const string Version = "v1";

    [ThreadStatic]
    private static ArrayBufferWriter<byte>? _buffer;

    [ThreadStatic]
    private static Utf8JsonWriter? _writer;

    /// <summary>The fingerprint of <paramref name="finding"/>, leaving out the evidence keys in <paramref name="observedEvidence"/>.</summary>
    public static string Of(AsffFinding finding, IReadOnlyList<string> observedEvidence)
    {
        ArgumentNullException.ThrowIfNull(finding);
        ArgumentNullException.ThrowIfNull(observedEvidence);
        var buffer = _buffer ??= new ArrayBufferWriter<byte>(4096);
        buffer.ResetWrittenCount();
        var writer = _writer ??= new Utf8JsonWriter(buffer);
        writer.Reset(buffer);

        writer.WriteStartArray();
        JsonSerializer.Serialize(writer, finding with
        {
            ProductArn = string.Empty,
            FirstObservedAt = null,
            LastObservedAt = null,
            CreatedAt = null,
            UpdatedAt = null,
            Workflow = null,
            Region = null,
            ProductFields = null,
        }, AsffJsonContext.Default.AsffFinding);
        writer.WriteStartObject();
        if (finding.ProductFields is { } fields)
        {
            foreach (var (key, value) in fields)
            {
                if (Counts(key, observedEvidence))
                {
                    writer.WriteString(key, value);
                }
            }
        }

        writer.WriteEndObject();
        writer.WriteEndArray();
        writer.Flush();

        Span<byte> hash = stackalloc byte[SHA256.HashSizeInBytes];
        SHA256.HashData(buffer.WrittenSpan, hash);
        return string.Concat(Version, ":", Convert.ToHexStringLower(hash[..16]));
    }

    /// <summary>The fingerprint a stored finding carries; null when it has none (written by an earlier release).</summary>
    public static string? StoredIn(AsffFinding finding) =>
        finding.ProductFields is { } fields && fields.TryGetValue(EvidenceFields.Fingerprint, out var value) ? value : null;

    private static bool Counts(string key, IReadOnlyList<string> observedEvidence)
    {
        if (key is EvidenceFields.Fingerprint or EvidenceFields.Source or EvidenceFields.Time || key.StartsWith("aws/", StringComparison.Ordinal))
        {
            return false;
        }

        for (var i = 0; i < observedEvidence.Count; i++)
        {
            if (string.Equals(observedEvidence[i], key, StringComparison.Ordinal))
            {
                return false;
            }
        }

        return true;
    }
}
