namespace Auditor.Core.Model;

/// <summary>One entry of IAM <c>ListUsers</c>: a user that exists now, whatever the credential report says.</summary>
/// <param name="PasswordLastUsed">When the console password was last used; null when never, or not reported.</param>
public sealed record ListedUser(string UserName, string Arn, string UserId, string Path, DateTimeOffset? CreateDate, DateTimeOffset? PasswordLastUsed);
