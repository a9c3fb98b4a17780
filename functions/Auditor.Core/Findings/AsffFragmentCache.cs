using System.Buffers;
using System.Diagnostics.CodeAnalysis;
using System.Numerics;
using System.Runtime.CompilerServices;
using System.Text.Json;

namespace Auditor.Core.Findings;

/// <summary>
/// The JSON of finding parts that many findings share by reference (a check's <see cref="AsffRemediation"/>, its
/// <see cref="AsffFindingProviderFields"/> per severity, the <see cref="AsffSeverity"/> objects, the check's Types
/// and RelatedRequirements lists: <see cref="FindingFactory"/> builds each once), rendered once and copied as raw
/// bytes into every later finding that holds the same object.
/// <para>
/// Safe because the bytes are a function of what the cache checks on every use: the part's reference, and the
/// reference of every string of the lists inside it. The records are immutable (init-only, and <c>with</c> makes a
/// new object), strings are immutable, so an unchanged record with the same list elements writes the same JSON.
/// A list is not a record and could be a <see cref="List{T}"/> changed in place: its count and every element are
/// compared by reference, and any difference renders it again.
/// </para>
/// <para>
/// Bounded and thread-safe: one cache per thread (findings may be written on several at once), of
/// <see cref="Slots"/> entries chosen by the part's identity hash. A part is rendered only the second time in a row
/// it is met in its slot, so parts that are not shared (those of findings read back from Security Hub, each its own
/// object) cost a slot check, never a rendering or an allocation, and do not evict the shared part rendered there. Rendered for the writer's default output only
/// (compact, default encoder): the caller checks the writer's options before using it.
/// </para>
/// </summary>
[SuppressMessage("Design", "CA1001:Types that own disposable fields should be disposable", Justification = "The writer only ever writes to the cache's own array buffer: disposing it frees nothing. The cache lives as long as its thread.")]
internal sealed class AsffFragmentCache
{
    private const int Slots = 64;

    [ThreadStatic]
    private static AsffFragmentCache? _current;

    private readonly Entry?[] _entries = new Entry?[Slots];
    private readonly ArrayBufferWriter<byte> _buffer = new(1024);
    private readonly Utf8JsonWriter _writer;

    private AsffFragmentCache() => _writer = new Utf8JsonWriter(_buffer, new JsonWriterOptions { SkipValidation = true });

    /// <summary>This thread's cache.</summary>
    public static AsffFragmentCache Current => _current ??= new AsffFragmentCache();

    /// <summary>
    /// Writes <paramref name="part"/> as a value: its rendered bytes when the cache holds them and they are still
    /// its JSON, otherwise through <paramref name="render"/>.
    /// </summary>
    /// <param name="strings">The one string list inside <paramref name="part"/> (or the part itself), compared by element.</param>
    public void Write<T>(Utf8JsonWriter writer, T part, IReadOnlyList<string>? strings, Action<Utf8JsonWriter, T> render)
        where T : class
    {
        var slot = RuntimeHelpers.GetHashCode(part) & (Slots - 1);
        var entry = _entries[slot] ??= new Entry();
        if (!ReferenceEquals(entry.Part, part))
        {
            if (!ReferenceEquals(entry.Candidate, part))
            {
                // First time met here: remember it, render it only if it comes back. The part rendered in this
                // slot stays: parts met once (those of findings read back) never evict a shared one.
                entry.Candidate = part;
                render(writer, part);
                return;
            }

            entry.Candidate = null;
            entry.Part = part;
            entry.IsRendered = false;
        }

        if (!entry.IsRendered || !entry.Holds(strings))
        {
            _buffer.ResetWrittenCount();
            _writer.Reset(_buffer);
            render(_writer, part);
            _writer.Flush();
            entry.Keep(_buffer.WrittenSpan, strings);
        }

        writer.WriteRawValue(entry.Json, skipInputValidation: true);
    }

    /// <summary>One slot: the part rendered in it, and the part last met in it for the first time.</summary>
    private sealed class Entry
    {
        private byte[] _json = [];
        private int _length;
        private string?[] _strings = [];
        private int _count;

        public object? Part { get; set; }

        public object? Candidate { get; set; }

        public bool IsRendered { get; set; }

        public ReadOnlySpan<byte> Json => _json.AsSpan(0, _length);

        public void Keep(ReadOnlySpan<byte> json, IReadOnlyList<string>? strings)
        {
            if (_json.Length < json.Length)
            {
                // In powers of two: parts taking turns in a slot soon stop growing its buffer.
                _json = new byte[Math.Max(256, (int)BitOperations.RoundUpToPowerOf2((uint)json.Length))];
            }

            json.CopyTo(_json);
            _length = json.Length;
            _count = strings?.Count ?? 0;
            if (_strings.Length < _count)
            {
                _strings = new string?[_count];
            }

            for (var i = 0; i < _count; i++)
            {
                _strings[i] = strings![i];
            }

            IsRendered = true;
        }

        /// <summary>Whether <paramref name="strings"/> still has the elements the JSON was rendered from.</summary>
        public bool Holds(IReadOnlyList<string>? strings)
        {
            if ((strings?.Count ?? 0) != _count)
            {
                return false;
            }

            for (var i = 0; i < _count; i++)
            {
                if (!ReferenceEquals(strings![i], _strings[i]))
                {
                    return false;
                }
            }

            return true;
        }
    }
}
