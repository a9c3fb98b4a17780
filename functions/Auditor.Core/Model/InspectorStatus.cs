namespace Auditor.Core.Model;

/// <summary>
/// Amazon Inspector in one region as <c>BatchGetAccountStatus</c> reports it for the audited account: the account's
/// state (ENABLED, ENABLING, DISABLED, DISABLING, SUSPENDING, SUSPENDED) and the state of each resource type's
/// scanning (EC2, ECR, Lambda standard scanning). An account Inspector does not report is not enabled.
/// </summary>
public sealed record InspectorStatus(string State, IReadOnlyList<InspectorScan> Scans)
{
    public const string Enabled = "ENABLED";

    /// <summary>The resource types the check requires, in the order they are named.</summary>
    public static IReadOnlyList<string> RequiredScans { get; } = ["EC2", "ECR", "LAMBDA"];

    public static InspectorStatus NotEnabled { get; } = new("DISABLED", []);

    public bool IsEnabled => string.Equals(State, Enabled, StringComparison.Ordinal);
}

/// <summary>The scanning of one resource type (<c>EC2</c>, <c>ECR</c>, <c>LAMBDA</c>, <c>LAMBDA_CODE</c>) and its status.</summary>
public sealed record InspectorScan(string ResourceType, string Status)
{
    public bool IsEnabled => string.Equals(Status, InspectorStatus.Enabled, StringComparison.Ordinal);
}
