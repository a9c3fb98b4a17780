namespace Auditor.Core.Checks;

/// <summary>
/// Every check Auditor runs, ordered by id. The list is written at compile time from the check classes of this
/// assembly (tools/Auditor.CheckCatalogGenerator): adding a check is writing its file, nothing else lists it.
/// </summary>
public static partial class CheckCatalog
{
    public static IReadOnlyList<ICheck> All { get; } = Discovered().OrderBy(c => c.Metadata.Id, StringComparer.Ordinal).ToArray();

    private static readonly Dictionary<string, ICheck> ById = All.ToDictionary(c => c.Metadata.Id, StringComparer.Ordinal);

    public static IReadOnlyCollection<string> Ids => ById.Keys;

    public static ICheck? Find(string id) => ById.GetValueOrDefault(id);

    /// <summary>The checks with the given ids, in catalogue order; all of them when <paramref name="ids"/> is null.</summary>
    public static IReadOnlyList<ICheck> Select(IReadOnlyCollection<string>? ids) =>
        ids is null ? All : All.Where(c => ids.Contains(c.Metadata.Id)).ToList();
}
