namespace Auditor.Core.Model;

/// <summary>A managed policy (customer or AWS managed) attached to a user, group or role.</summary>
public sealed record AttachedPolicy(string PolicyName, string PolicyArn);
