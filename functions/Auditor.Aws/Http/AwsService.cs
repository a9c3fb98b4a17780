namespace Auditor.Aws.Http;

/// <summary>
/// One AWS service as our clients address it: the signing name, the SDK service id used by
/// <c>AWS_ENDPOINT_URL_&lt;ID&gt;</c>, and whether it is global (one endpoint per partition, signed for a fixed region).
/// </summary>
public sealed record AwsService(string SigningName, string EndpointId, string HostPrefix)
{
    /// <summary>A global service's endpoint in each partition (<c>aws</c>, <c>aws-cn</c>, <c>aws-us-gov</c>); empty for a regional one.</summary>
    public IReadOnlyDictionary<string, GlobalEndpoint> Global { get; init; } = new Dictionary<string, GlobalEndpoint>(StringComparer.Ordinal);

    /// <summary>The prefix of the service's IAM actions; the signing name unless they differ (CloudWatch: <c>monitoring</c>, <c>cloudwatch:</c>).</summary>
    public string IamPrefix { get; init; } = SigningName;

    public static AwsService Iam { get; } = new("iam", "IAM", "iam")
    {
        XmlReplies = true,
        Global = Partitions(new("iam.amazonaws.com", "us-east-1"), new("iam.cn-north-1.amazonaws.com.cn", "cn-north-1"), new("iam.us-gov.amazonaws.com", "us-gov-west-1")),
    };
    public static AwsService Ec2 { get; } = new("ec2", "EC2", "ec2") { XmlReplies = true };
    public static AwsService GuardDuty { get; } = new("guardduty", "GUARDDUTY", "guardduty");
    /// <summary>Shield Advanced: global in us-east-1, in GovCloud in us-gov-west-1 (not offered in the China regions).</summary>
    public static AwsService Shield { get; } = new("shield", "SHIELD", "shield")
    {
        Global = Partitions(new("shield.us-east-1.amazonaws.com", "us-east-1"), null, new("shield.us-gov-west-1.amazonaws.com", "us-gov-west-1")),
    };
    public static AwsService SecurityHub { get; } = new("securityhub", "SECURITYHUB", "securityhub");
    public static AwsService Sts { get; } = new("sts", "STS", "sts") { XmlReplies = true };
    public static AwsService Organizations { get; } = new("organizations", "ORGANIZATIONS", "organizations")
    {
        Global = Partitions(new("organizations.us-east-1.amazonaws.com", "us-east-1"), new("organizations.cn-northwest-1.amazonaws.com.cn", "cn-northwest-1"), new("organizations.us-gov-west-1.amazonaws.com", "us-gov-west-1")),
    };
    public static AwsService Sqs { get; } = new("sqs", "SQS", "sqs");
    public static AwsService CloudTrail { get; } = new("cloudtrail", "CLOUDTRAIL", "cloudtrail");
    public static AwsService CloudWatchLogs { get; } = new("logs", "CLOUDWATCH_LOGS", "logs");
    public static AwsService Kms { get; } = new("kms", "KMS", "kms");
    public static AwsService Inspector2 { get; } = new("inspector2", "INSPECTOR2", "inspector2");
    public static AwsService AccessAnalyzer { get; } = new("access-analyzer", "ACCESSANALYZER", "access-analyzer");
    public static AwsService S3 { get; } = new("s3", "S3", "s3") { XmlReplies = true };

    /// <summary>CloudWatch: SDK service id <c>CloudWatch</c>, endpoint prefix and signing name <c>monitoring</c>.</summary>
    public static AwsService CloudWatch { get; } = new("monitoring", "CLOUDWATCH", "monitoring") { XmlReplies = true, IamPrefix = "cloudwatch" };

    /// <summary>True for the query protocols (XML replies); false for json 1.1 and rest-json.</summary>
    public bool XmlReplies { get; init; }

    private static Dictionary<string, GlobalEndpoint> Partitions(GlobalEndpoint aws, GlobalEndpoint? china, GlobalEndpoint govCloud)
    {
        var endpoints = new Dictionary<string, GlobalEndpoint>(StringComparer.Ordinal) { ["aws"] = aws, ["aws-us-gov"] = govCloud };
        if (china is not null)
        {
            endpoints["aws-cn"] = china;
        }

        return endpoints;
    }
}

/// <summary>Where a global service answers in one partition, and the region its requests are signed for.</summary>
public sealed record GlobalEndpoint(string Host, string SigningRegion);
