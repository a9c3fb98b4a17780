namespace Auditor.Core.Model;

/// <summary>
/// A customer managed policy of <c>GetAccountAuthorizationDetails</c> with the document of its default version
/// (decoded JSON text; null when the reply carried no default version).
/// </summary>
public sealed record ManagedPolicyDetail(
    string PolicyName,
    string Arn,
    string Path,
    string DefaultVersionId,
    int AttachmentCount,
    string? DefaultDocument);
