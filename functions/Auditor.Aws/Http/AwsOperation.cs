namespace Auditor.Aws.Http;

/// <summary>
/// One operation of an AWS service as our clients call it, and the IAM permission it needs. Every client declares its
/// operations as static fields and sends only those; the readers and stages name the operations they call, and the
/// functions' roles in template.yaml and member-role.yaml are held to exactly those permissions by a test (the
/// permissions table of docs/permissions.md is generated from the same declarations).
/// </summary>
public sealed record AwsOperation
{
    public AwsOperation(AwsService service, string name, string? iamAction = "", string resource = AnyResource)
    {
        ArgumentNullException.ThrowIfNull(service);
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        Service = service;
        Name = name;
        IamAction = iamAction == string.Empty ? $"{service.IamPrefix}:{name}" : iamAction;
        Resource = resource;
    }

    /// <summary>The resource of an action that supports no narrower one (for example <c>iam:GenerateCredentialReport</c>).</summary>
    public const string AnyResource = "*";

    public AwsService Service { get; }

    /// <summary>The SDK's operation name, for example <c>GetCredentialReport</c>.</summary>
    public string Name { get; }

    /// <summary>The IAM action the caller needs, for example <c>iam:GetCredentialReport</c>; null when none is needed (<c>sts:GetCallerIdentity</c>).</summary>
    public string? IamAction { get; }

    /// <summary>
    /// The narrowest resource the action can be granted on, written as template.yaml writes it: <c>*</c>, an ARN pattern
    /// with CloudFormation's <c>${AWS::Partition}</c> and <c>${AWS::AccountId}</c>, or <c>!GetAtt Resource.Arn</c>.
    /// </summary>
    public string Resource { get; }

    /// <summary>True when a success reply is the caller's bytes (an S3 object), not a JSON or XML document to check.</summary>
    public bool OpaqueReply { get; init; }

    /// <summary><c>service:Operation</c>, as the run's call counters name it.</summary>
    public override string ToString() => $"{Service.SigningName}:{Name}";
}
