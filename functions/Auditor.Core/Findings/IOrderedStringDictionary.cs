namespace Auditor.Core.Findings;

/// <summary>
/// A string-to-string map whose entries have a fixed order, readable by position without an enumerator: a result's
/// evidence and a finding's <c>ProductFields</c>. Keys are unique, as in any dictionary; enumerating the map yields
/// <see cref="EntryAt"/>(0) to <see cref="EntryAt"/>(<c>Count</c> - 1).
/// </summary>
public interface IOrderedStringDictionary : IReadOnlyDictionary<string, string>
{
    /// <summary>The entry at <paramref name="index"/>, from 0 to <c>Count</c> - 1, in the map's order.</summary>
    KeyValuePair<string, string> EntryAt(int index);
}
