using Auditor.Aws.Http;
using Auditor.Aws.Tests.Support;

namespace Auditor.Aws.Tests.Wire;

/// <summary>
/// What each client puts on the wire: method, path, protocol headers and the SigV4 scope (global services are
/// signed for us-east-1 whatever the function's region). A loopback fake records the requests, because moto
/// does not check signatures or signing regions.
/// </summary>
public sealed class RequestShapeTests
{
    private static AwsClientFactory InEuWest1(FakeAws fake) => TestClients.ForFake(fake, region: "eu-west-1");

    [Fact]
    public async Task IAM_is_a_form_POST_signed_for_us_east_1_from_any_region()
    {
        using var fake = new FakeAws();
        fake.Respond(_ => FakeReply.IamResult("GetAccountSummary", "<SummaryMap/>"));

        await InEuWest1(fake).Iam().GetAccountSummaryAsync(CancellationToken.None);

        var request = Assert.Single(fake.Requests);
        Assert.Equal("POST", request.Method);
        Assert.Equal("/", request.Path);
        Assert.StartsWith("application/x-www-form-urlencoded", request.Header("Content-Type"), StringComparison.Ordinal);
        Assert.Equal("GetAccountSummary", request.Action);
        Assert.Equal("2010-05-08", request.Form["Version"]);
        Assert.Equal("us-east-1/iam", request.SigningScope);
    }

    [Fact]
    public async Task Shield_is_json_1_1_with_its_target_signed_for_us_east_1_from_any_region()
    {
        using var fake = new FakeAws();
        fake.Respond(_ => FakeReply.Json11("""{"SubscriptionState":"INACTIVE"}"""));

        await InEuWest1(fake).Shield().GetSubscriptionStateAsync(CancellationToken.None);

        var request = Assert.Single(fake.Requests);
        Assert.Equal("POST", request.Method);
        Assert.Equal("AWSShield_20160616.GetSubscriptionState", request.Target);
        Assert.Equal("application/x-amz-json-1.1", request.Header("Content-Type"));
        Assert.Equal("{}", request.Body);
        Assert.Equal("us-east-1/shield", request.SigningScope);
    }

    [Fact]
    public async Task EC2_is_a_form_POST_signed_for_its_region()
    {
        using var fake = new FakeAws();
        fake.Respond(_ => FakeReply.Xml("<DescribeRegionsResponse><regionInfo><item><regionName>ap-southeast-2</regionName><optInStatus>opt-in-not-required</optInStatus></item></regionInfo></DescribeRegionsResponse>"));

        var regions = await InEuWest1(fake).Ec2("ap-southeast-2").DescribeRegionsAsync(CancellationToken.None);

        Assert.Equal(["ap-southeast-2"], regions);
        var request = Assert.Single(fake.Requests);
        Assert.Equal("DescribeRegions", request.Action);
        Assert.Equal("2016-11-15", request.Form["Version"]);
        Assert.Equal("ap-southeast-2/ec2", request.SigningScope);
    }

    [Fact]
    public async Task GuardDuty_and_Security_Hub_are_rest_json_signed_for_the_region_asked()
    {
        using var fake = new FakeAws();
        fake.Respond(request => request.Path switch
        {
            "/detector/abc%2F1" or "/detector/abc/1" => FakeReply.Json("""{"status":"ENABLED","features":[{"name":"S3_DATA_EVENTS","status":"DISABLED"},{"status":"ENABLED"}]}"""),
            "/accounts" => FakeReply.Json("""{"HubArn":"arn:aws:securityhub:ap-south-1:123456789012:hub/default"}"""),
            _ => FakeReply.RestJsonError(404, "ResourceNotFoundException", $"no route {request.Path}"),
        });
        var clients = InEuWest1(fake);

        var detector = await clients.GuardDuty("sa-east-1").GetDetectorAsync("abc/1", CancellationToken.None);
        await clients.SecurityHub("ap-south-1").DescribeHubAsync(CancellationToken.None);

        Assert.Equal("ENABLED", detector.Status);
        Assert.Equal(new Core.Model.GuardDutyFeature("S3_DATA_EVENTS", "DISABLED"), Assert.Single(detector.Features));
        var requests = fake.Requests;
        Assert.Equal("GET", requests[0].Method);
        Assert.Equal("sa-east-1/guardduty", requests[0].SigningScope);
        Assert.Equal("GET", requests[1].Method);
        Assert.Equal("/accounts", requests[1].Path);
        Assert.Equal("ap-south-1/securityhub", requests[1].SigningScope);
    }

    [Fact]
    public async Task An_endpoint_with_a_path_keeps_its_path()
    {
        using var fake = new FakeAws();
        fake.Respond(_ => FakeReply.Json("""{"detectorIds":[]}"""));
        var clients = TestClients.Factory(new Dictionary<string, string> { ["AWS_REGION"] = "us-east-1", ["AWS_ENDPOINT_URL"] = fake.Url + "/proxy/" });

        await clients.GuardDuty("us-east-1").ListDetectorsAsync(CancellationToken.None);

        Assert.Equal("/proxy/detector", Assert.Single(fake.Requests).Path);
    }
}
