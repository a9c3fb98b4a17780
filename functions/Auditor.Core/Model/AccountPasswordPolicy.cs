namespace Auditor.Core.Model;

/// <summary>
/// What IAM <c>GetAccountPasswordPolicy</c> says: the account's password policy, or none (<c>NoSuchEntity</c>), which
/// is an answer, not a failed read.
/// </summary>
public sealed record AccountPasswordPolicy(PasswordPolicy? Policy)
{
    public static AccountPasswordPolicy None { get; } = new((PasswordPolicy?)null);

    public bool Exists => Policy is not null;
}
