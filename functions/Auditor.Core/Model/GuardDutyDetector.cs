namespace Auditor.Core.Model;

/// <summary>A GuardDuty detector as <c>GetDetector</c> describes it.</summary>
public sealed record GuardDutyDetector(string DetectorId, string Status, IReadOnlyList<GuardDutyFeature> Features)
{
    public bool IsEnabled => string.Equals(Status, "ENABLED", StringComparison.Ordinal);
}

/// <summary>One protection plan of a detector (<c>features[].name</c>, <c>status</c>).</summary>
public sealed record GuardDutyFeature(string Name, string Status);
