namespace Auditor.Core.Model;

/// <summary>An IAM Access Analyzer analyzer of one region as <c>ListAnalyzers</c> lists it.</summary>
public sealed record AccessAnalyzer(string Name, string Arn, string Type, string Status)
{
    /// <summary>The analyzer types that find external access (the unused- and internal-access types do not).</summary>
    public static IReadOnlyList<string> ExternalAccessTypes { get; } = ["ACCOUNT", "ORGANIZATION"];

    public bool IsActive => string.Equals(Status, "ACTIVE", StringComparison.Ordinal);

    public bool FindsExternalAccess => ExternalAccessTypes.Contains(Type, StringComparer.Ordinal);
}
