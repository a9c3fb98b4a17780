namespace Auditor.Core.Policies;

/// <summary>
/// One key of one condition operator: <c>"StringLike": {"token.actions.githubusercontent.com:sub": ["repo:org/*"]}</c>
/// is the operator <c>StringLike</c>, that key, those values. <see cref="Operator"/> keeps the whole operator as
/// written; <see cref="BaseOperator"/> drops a <c>ForAnyValue:</c> / <c>ForAllValues:</c> prefix and an
/// <c>IfExists</c> suffix. Booleans and numbers in the document are their JSON text.
/// </summary>
public sealed record PolicyCondition(string Operator, string Key, IReadOnlyList<string> Values)
{
    private const string IfExistsSuffix = "IfExists";

    /// <summary><c>ForAnyValue</c>, <c>ForAllValues</c>, or null.</summary>
    public string? SetQualifier
    {
        get
        {
            var colon = Operator.IndexOf(':', StringComparison.Ordinal);
            return colon < 0 ? null : Operator[..colon];
        }
    }

    public bool IfExists => Operator.EndsWith(IfExistsSuffix, StringComparison.Ordinal) && Operator.Length > IfExistsSuffix.Length;

    /// <summary>The operator without its set qualifier or <c>IfExists</c>, for example <c>StringLike</c>.</summary>
    public string BaseOperator
    {
        get
        {
            var name = Operator[(Operator.IndexOf(':', StringComparison.Ordinal) + 1)..];
            return IfExists ? name[..^IfExistsSuffix.Length] : name;
        }
    }

    /// <summary>
    /// True for an operator that matches what its values name (<c>StringEquals</c>, <c>StringLike</c>,
    /// <c>ArnLike</c>…), without <c>IfExists</c> and without <c>ForAllValues:</c>, both of which let a request without
    /// the key through: only such a condition pins a key to its values.
    /// </summary>
    public bool Restricts =>
        !IfExists
        && SetQualifier != "ForAllValues"
        && BaseOperator is "StringEquals" or "StringEqualsIgnoreCase" or "StringLike" or "ArnEquals" or "ArnLike";

    /// <summary>As an evidence line: <c>StringLike token.actions.githubusercontent.com:sub = repo:org/*</c>.</summary>
    public override string ToString() => $"{Operator} {Key} = {string.Join(" | ", Values)}";
}
