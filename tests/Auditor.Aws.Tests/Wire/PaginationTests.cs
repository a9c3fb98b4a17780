using System.Text.Json.Nodes;
using Auditor.Aws.SecurityHub;
using Auditor.Aws.Tests.Support;

namespace Auditor.Aws.Tests.Wire;

/// <summary>
/// Paging corner cases a loopback fake answers: moto never returns an empty page with a token, never
/// repeats a token, and its GuardDuty ListDetectors never pages at all.
/// </summary>
public sealed class PaginationTests
{
    [Fact]
    public async Task GuardDuty_ListDetectors_follows_nextToken_through_empty_pages()
    {
        using var fake = new FakeAws();
        fake.Script(
            FakeReply.Json("""{"detectorIds":[],"nextToken":"page/2"}"""),
            FakeReply.Json("""{"detectorIds":["d-1"],"nextToken":"page-3"}"""),
            FakeReply.Json("""{"detectorIds":[],"nextToken":"page-4"}"""),
            FakeReply.Json("""{"detectorIds":["d-2"],"nextToken":""}"""));
        var clients = TestClients.ForFake(fake);

        var ids = await clients.GuardDuty("eu-west-1").ListDetectorsAsync(CancellationToken.None);

        Assert.Equal(["d-1", "d-2"], ids);
        Assert.Equal([null, "page/2", "page-3", "page-4"], fake.Requests.Select(r => r.QueryParameters["nextToken"]));
        Assert.All(fake.Requests, r => Assert.Equal("/detector", r.Path));
    }

    [Fact]
    public async Task SecurityHub_GetFindings_follows_NextToken_through_an_empty_page()
    {
        var first = TestFindings.Make(TestFindings.Id("iam.user-mfa", "one"));
        var second = TestFindings.Make(TestFindings.Id("iam.user-mfa", "two"));
        using var fake = new FakeAws();
        fake.Script(
            FindingsPage([first], "t-2"),
            FindingsPage([], "t-3"),
            FindingsPage([second], null));
        var clients = TestClients.ForFake(fake);

        var findings = await clients.SecurityHub("us-east-1").GetFindingsAsync(new Dictionary<string, IReadOnlyList<StringFilter>>(), CancellationToken.None);

        Assert.Equal([first.Id, second.Id], findings.Select(f => f.Id));
        var tokens = fake.Requests.Select(r => JsonNode.Parse(r.Body)!["NextToken"]?.GetValue<string>()).ToList();
        Assert.Equal([null, "t-2", "t-3"], tokens);
        Assert.All(fake.Requests, r => Assert.Equal(100, JsonNode.Parse(r.Body)!["MaxResults"]!.GetValue<int>()));
    }

    [Fact]
    public async Task SecurityHub_GetFindings_stops_on_a_NextToken_that_comes_back_twice()
    {
        using var fake = new FakeAws();
        fake.Script(FindingsPage([], "same"));
        var clients = TestClients.ForFake(fake);

        var error = await Assert.ThrowsAsync<AwsServiceException>(
            () => clients.SecurityHub("us-east-1").GetFindingsAsync(new Dictionary<string, IReadOnlyList<StringFilter>>(), CancellationToken.None));

        Assert.Equal("MalformedResponse", error.ErrorCode);
        Assert.Equal(2, fake.Requests.Count);
    }

    [Fact]
    public async Task IAM_ListVirtualMFADevices_sends_the_Marker_of_each_truncated_page()
    {
        using var fake = new FakeAws();
        fake.Script(
            FakeReply.IamResult("ListVirtualMFADevices", "<VirtualMFADevices><member><SerialNumber>arn:aws:iam::123456789012:mfa/root-account-mfa-device</SerialNumber><User><Arn>arn:aws:iam::123456789012:root</Arn></User><EnableDate>2024-01-01T00:00:00Z</EnableDate></member></VirtualMFADevices><IsTruncated>true</IsTruncated><Marker>m-2</Marker>"),
            FakeReply.IamResult("ListVirtualMFADevices", "<VirtualMFADevices><member><SerialNumber>arn:aws:iam::123456789012:mfa/spare</SerialNumber></member></VirtualMFADevices><IsTruncated>false</IsTruncated>"));
        var clients = TestClients.ForFake(fake);

        var devices = await clients.Iam().ListVirtualMFADevicesAsync(CancellationToken.None);

        Assert.Equal(2, devices.Count);
        Assert.True(devices[0].IsAssignedToRoot);
        Assert.Equal(new DateTimeOffset(2024, 1, 1, 0, 0, 0, TimeSpan.Zero), devices[0].EnableDate);
        Assert.Null(devices[1].UserArn);
        Assert.Equal([null, "m-2"], fake.Requests.Select(r => r.Form["Marker"]));
        Assert.All(fake.Requests, r => Assert.Equal("Any", r.Form["AssignmentStatus"]));
    }

    private static FakeReply FindingsPage(IEnumerable<Core.Findings.AsffFinding> findings, string? nextToken)
    {
        var array = new JsonArray(findings.Select(f => JsonNode.Parse(System.Text.Json.JsonSerializer.Serialize(f, Core.Findings.AsffJsonContext.Default.AsffFinding))).ToArray());
        var page = new JsonObject { ["Findings"] = array };
        if (nextToken is not null)
        {
            page["NextToken"] = nextToken;
        }

        return FakeReply.Json(page.ToJsonString());
    }
}
