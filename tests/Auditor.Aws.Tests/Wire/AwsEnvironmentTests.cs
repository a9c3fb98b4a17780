using Auditor.Aws.Http;

namespace Auditor.Aws.Tests.Wire;

/// <summary>Endpoint and signing-region resolution from the standard variables (no network).</summary>
public sealed class AwsEnvironmentTests
{
    private static AwsEnvironment With(params (string Name, string Value)[] variables)
    {
        var map = variables.ToDictionary(v => v.Name, v => v.Value);
        return new AwsEnvironment(name => map.GetValueOrDefault(name));
    }

    [Fact]
    public void Without_overrides_regional_services_use_their_regional_host_and_global_ones_their_global_host()
    {
        var environment = With(("AWS_REGION", "eu-west-1"));

        Assert.Equal((new Uri("https://guardduty.ap-south-1.amazonaws.com/"), "ap-south-1"), environment.Resolve(AwsService.GuardDuty, "ap-south-1"));
        Assert.Equal((new Uri("https://iam.amazonaws.com/"), "us-east-1"), environment.Resolve(AwsService.Iam, "eu-west-1"));
        Assert.Equal((new Uri("https://shield.us-east-1.amazonaws.com/"), "us-east-1"), environment.Resolve(AwsService.Shield, "eu-west-1"));
    }

    [Fact]
    public void The_service_variable_wins_over_the_general_one_and_the_signing_region_is_unchanged()
    {
        var environment = With(("AWS_REGION", "eu-west-1"), ("AWS_ENDPOINT_URL", "http://127.0.0.1:5000"), ("AWS_ENDPOINT_URL_SECURITYHUB", "http://127.0.0.1:6000/"));

        Assert.Equal((new Uri("http://127.0.0.1:6000/"), "eu-central-1"), environment.Resolve(AwsService.SecurityHub, "eu-central-1"));
        Assert.Equal((new Uri("http://127.0.0.1:5000/"), "eu-central-1"), environment.Resolve(AwsService.GuardDuty, "eu-central-1"));
        Assert.Equal((new Uri("http://127.0.0.1:5000/"), "us-east-1"), environment.Resolve(AwsService.Iam, "eu-west-1"));
    }

    [Fact]
    public void Empty_variables_count_as_unset()
    {
        var environment = With(("AWS_REGION", ""), ("AWS_DEFAULT_REGION", "ca-central-1"), ("AWS_ENDPOINT_URL", ""));

        Assert.Equal("ca-central-1", environment.Region);
        Assert.Null(environment.EndpointOverride(AwsService.Ec2));
        Assert.Equal(new Uri("https://ec2.ca-central-1.amazonaws.com/"), environment.Resolve(AwsService.Ec2, "ca-central-1").Endpoint);
    }

    [Theory]
    [InlineData("cn-north-1", "IAM", "https://iam.cn-north-1.amazonaws.com.cn/", "cn-north-1")]
    [InlineData("cn-northwest-1", "ORGANIZATIONS", "https://organizations.cn-northwest-1.amazonaws.com.cn/", "cn-northwest-1")]
    [InlineData("us-gov-east-1", "IAM", "https://iam.us-gov.amazonaws.com/", "us-gov-west-1")]
    [InlineData("us-gov-east-1", "ORGANIZATIONS", "https://organizations.us-gov-west-1.amazonaws.com/", "us-gov-west-1")]
    [InlineData("us-gov-east-1", "SHIELD", "https://shield.us-gov-west-1.amazonaws.com/", "us-gov-west-1")]
    [InlineData("us-gov-east-1", "STS", "https://sts.us-gov-east-1.amazonaws.com/", "us-gov-east-1")]
    [InlineData("cn-north-1", "SECURITYHUB", "https://securityhub.cn-north-1.amazonaws.com.cn/", "cn-north-1")]
    [InlineData("eu-west-1", "ORGANIZATIONS", "https://organizations.us-east-1.amazonaws.com/", "us-east-1")]
    public void Global_and_regional_endpoints_follow_the_partition_of_the_region(string region, string service, string endpoint, string signingRegion)
    {
        var services = new[] { AwsService.Iam, AwsService.Organizations, AwsService.Shield, AwsService.Sts, AwsService.SecurityHub };

        var resolved = With(("AWS_REGION", region)).Resolve(services.Single(s => s.EndpointId == service), region);

        Assert.Equal((new Uri(endpoint), signingRegion), resolved);
    }

    [Theory]
    [InlineData("us-east-1", "aws")]
    [InlineData("cn-north-1", "aws-cn")]
    [InlineData("us-gov-west-1", "aws-us-gov")]
    public void The_partition_follows_the_region(string region, string partition) =>
        Assert.Equal(partition, With(("AWS_REGION", region)).Partition);
}
