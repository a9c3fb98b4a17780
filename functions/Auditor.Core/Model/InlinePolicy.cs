namespace Auditor.Core.Model;

/// <summary>An inline policy of a user, group or role: its name and its document, decoded to JSON text.</summary>
public sealed record InlinePolicy(string PolicyName, string Document);
