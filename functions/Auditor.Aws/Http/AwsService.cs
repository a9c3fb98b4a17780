namespace Auditor.Aws.Http;

/// <summary>
/// One AWS service as our clients address it: the signing name, the SDK service id used by
/// <c>AWS_ENDPOINT_URL_&lt;ID&gt;</c>, and whether it is global (one endpoint signed for a fixed region).
/// </summary>
public sealed record AwsService(string SigningName, string EndpointId, string HostPrefix, string? GlobalHost = null, string? GlobalSigningRegion = null)
{
    /// <summary>The prefix of the service's IAM actions; the signing name unless they differ (CloudWatch: <c>monitoring</c>, <c>cloudwatch:</c>).</summary>
    public string IamPrefix { get; init; } = SigningName;

    public static AwsService Iam { get; } = new("iam", "IAM", "iam", "iam.amazonaws.com", "us-east-1") { XmlReplies = true };
    public static AwsService Ec2 { get; } = new("ec2", "EC2", "ec2") { XmlReplies = true };
    public static AwsService GuardDuty { get; } = new("guardduty", "GUARDDUTY", "guardduty");
    public static AwsService Shield { get; } = new("shield", "SHIELD", "shield", "shield.us-east-1.amazonaws.com", "us-east-1");
    public static AwsService SecurityHub { get; } = new("securityhub", "SECURITYHUB", "securityhub");
    public static AwsService Sts { get; } = new("sts", "STS", "sts") { XmlReplies = true };
    public static AwsService Organizations { get; } = new("organizations", "ORGANIZATIONS", "organizations", "organizations.us-east-1.amazonaws.com", "us-east-1");
    public static AwsService Sqs { get; } = new("sqs", "SQS", "sqs");
    public static AwsService CloudTrail { get; } = new("cloudtrail", "CLOUDTRAIL", "cloudtrail");
    public static AwsService CloudWatchLogs { get; } = new("logs", "CLOUDWATCH_LOGS", "logs");
    public static AwsService S3 { get; } = new("s3", "S3", "s3") { XmlReplies = true };

    /// <summary>CloudWatch: SDK service id <c>CloudWatch</c>, endpoint prefix and signing name <c>monitoring</c>.</summary>
    public static AwsService CloudWatch { get; } = new("monitoring", "CLOUDWATCH", "monitoring") { XmlReplies = true, IamPrefix = "cloudwatch" };

    /// <summary>True for the query protocols (XML replies); false for json 1.1 and rest-json.</summary>
    public bool XmlReplies { get; init; }
}
