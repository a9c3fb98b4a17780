using System.Buffers;
using System.Text.Json;
using Auditor.Core.Findings;

namespace Auditor.Aws.SecurityHub;

/// <summary>
/// Packs findings, in order, into BatchImportFindings request bodies (<c>{"Findings":[…]}</c>) of at most 100
/// findings and <see cref="MaxBodyBytes"/>. Each finding is serialized once, by the source-generated
/// <see cref="AsffJsonContext"/> (the one ASFF serializer, reading and writing), straight into a body buffer that is
/// reused from one body to the next, so a scan of tens of thousands of findings writes its JSON once and keeps one
/// buffer, not a copy per finding or per request.
/// </summary>
/// <remarks>
/// A body handed out by <see cref="Pack"/> is valid until the enumeration moves on: send it (retries included)
/// before asking for the next one. One packer serves one enumeration at a time.
/// </remarks>
public sealed class ImportBodyPacker : IDisposable
{
    /// <summary>Security Hub takes up to 6 MB a request; the decimal reading, the stricter one, is used.</summary>
    public const int MaxBodyBytes = 6_000_000;

    private static readonly JsonEncodedText FindingsName = JsonEncodedText.Encode("Findings");
    private static readonly int ClosingBytes = "]}"u8.Length;

    private readonly ArrayBufferWriter<byte> _buffer;
    private readonly Utf8JsonWriter _writer;
    private readonly int _maxFindings;
    private readonly int _maxBytes;

    public ImportBodyPacker(int maxFindings = SecurityHubClient.MaxFindingsPerImport, int maxBytes = MaxBodyBytes)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(maxFindings, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(maxBytes, 64);
        _maxFindings = maxFindings;
        _maxBytes = maxBytes;
        _buffer = new ArrayBufferWriter<byte>(64 * 1024);
        _writer = new Utf8JsonWriter(_buffer, new JsonWriterOptions { SkipValidation = true });
    }

    /// <summary>
    /// The bodies for <paramref name="findings"/>, each with the range of findings it holds. A single finding larger
    /// than the limit still gets a body of its own: Security Hub then refuses that finding, by id, and only it.
    /// </summary>
    public IEnumerable<ImportBody> Pack(IReadOnlyList<AsffFinding> findings)
    {
        var start = 0;
        var count = 0;
        Begin();
        for (var i = 0; i < findings.Count; i++)
        {
            var before = _writer.BytesCommitted;
            JsonSerializer.Serialize(_writer, findings[i], AsffJsonContext.Default.AsffFinding);

            // The size check reads BytesCommitted, which counts flushed bytes only.
            _writer.Flush();
            if (count > 0 && _writer.BytesCommitted + ClosingBytes > _maxBytes)
            {
                // This finding does not fit: the body so far goes out without it, and it opens the next body. The
                // writer put a comma before it, which is not part of the finding's own JSON.
                var overflow = _buffer.WrittenSpan[(int)before..][1..].ToArray();
                yield return new ImportBody(start, count, Finish(_buffer.WrittenMemory[..(int)before]));
                start = i;
                count = 1;
                Begin();
                _writer.WriteRawValue(overflow, skipInputValidation: true);
                _writer.Flush();
            }
            else
            {
                count++;
            }

            if (count == _maxFindings)
            {
                yield return new ImportBody(start, count, End());
                start = i + 1;
                count = 0;
                Begin();
            }
        }

        if (count > 0)
        {
            yield return new ImportBody(start, count, End());
        }
    }

    public void Dispose() => _writer.Dispose();

    private void Begin()
    {
        _buffer.ResetWrittenCount();
        _writer.Reset(_buffer);
        _writer.WriteStartObject();
        _writer.WriteStartArray(FindingsName);
    }

    private ReadOnlyMemory<byte> End()
    {
        _writer.WriteEndArray();
        _writer.WriteEndObject();
        _writer.Flush();
        return _buffer.WrittenMemory;
    }

    /// <summary>A body cut short before its last finding: copied out with its closing brackets (the rare path).</summary>
    private static ReadOnlyMemory<byte> Finish(ReadOnlyMemory<byte> open)
    {
        var body = new byte[open.Length + ClosingBytes];
        open.CopyTo(body);
        "]}"u8.CopyTo(body.AsSpan(open.Length));
        return body;
    }
}

/// <summary>One BatchImportFindings body: findings <c>[Start, Start + Count)</c> of the packed list, as JSON.</summary>
public readonly record struct ImportBody(int Start, int Count, ReadOnlyMemory<byte> Json);
