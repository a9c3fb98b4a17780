namespace Auditor.Core.Evaluation;

/// <summary>
/// One (account, region, check) that a run evaluates. <see cref="Region"/> is <c>global</c> for account-global
/// checks. Only a scope evaluated without error may archive the findings it no longer produces.
/// </summary>
public sealed record FindingScope(string AccountId, string Region, string CheckId)
{
    public const string Global = "global";

    public override string ToString() => $"{AccountId}/{Region}/{CheckId}";
}
