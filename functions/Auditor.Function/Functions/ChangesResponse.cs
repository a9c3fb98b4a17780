using System.Text.Json.Serialization;
using Auditor.Core.Changes;

namespace Auditor.Function.Functions;

/// <summary>
/// What changed since the last run, in a response: per kind of change, the count and up to 100 finding ids (the
/// number left out in <c>omitted</c>).
/// </summary>
public sealed record ChangesResponse(
    [property: JsonPropertyName("new")] ChangeListResponse New,
    [property: JsonPropertyName("regressed")] ChangeListResponse Regressed,
    [property: JsonPropertyName("fixed")] ChangeListResponse Fixed,
    [property: JsonPropertyName("archived")] ChangeListResponse Archived)
{
    public static ChangesResponse From(FindingChanges changes)
    {
        ArgumentNullException.ThrowIfNull(changes);
        return new(ChangeListResponse.From(changes.New), ChangeListResponse.From(changes.Regressed), ChangeListResponse.From(changes.Fixed), ChangeListResponse.From(changes.Archived));
    }
}

/// <summary>One kind of change: how many findings, their ids (at most 100), and how many ids were left out.</summary>
public sealed record ChangeListResponse(
    [property: JsonPropertyName("count")] int Count,
    [property: JsonPropertyName("ids")] IReadOnlyList<string> Ids,
    [property: JsonPropertyName("omitted")] int Omitted)
{
    public static ChangeListResponse From(ChangeList list)
    {
        ArgumentNullException.ThrowIfNull(list);
        return new(list.Count, list.Ids, list.Omitted);
    }
}
