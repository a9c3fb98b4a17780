namespace Auditor.Core.Checks;

/// <summary>Every check Auditor runs, by id. Adding a check means adding it here and writing its file.</summary>
public static class CheckCatalog
{
    public static IReadOnlyList<ICheck> All { get; } =
    [
        new RootActivityCheck(),
        new RootMfaCheck(),
        new RootHardwareMfaCheck(),
        new RootAccessKeysCheck(),
        new RootUsageAlarmCheck(),
        new UserMfaCheck(),
        new UnusedCredentialsCheck(),
        new AccessKeyRotationCheck(),
        new SingleActiveKeyCheck(),
        new GuardDutyEnabledCheck(),
        new ShieldAdvancedCheck(),
    ];

    private static readonly Dictionary<string, ICheck> ById = All.ToDictionary(c => c.Metadata.Id, StringComparer.Ordinal);

    public static IReadOnlyCollection<string> Ids => ById.Keys;

    public static ICheck? Find(string id) => ById.GetValueOrDefault(id);

    /// <summary>The checks with the given ids, in catalogue order; all of them when <paramref name="ids"/> is null.</summary>
    public static IReadOnlyList<ICheck> Select(IReadOnlyCollection<string>? ids) =>
        ids is null ? All : All.Where(c => ids.Contains(c.Metadata.Id)).ToList();
}
