using System.Net;
using Auditor.Aws.Resilience;
using Auditor.Aws.Tests.Support;

namespace Auditor.Aws.Tests.Wire;

/// <summary>
/// Error answers of each wire protocol become an <see cref="AwsServiceException"/> with the service's code,
/// message, HTTP status and request id. A loopback fake answers them: moto cannot be made to send arbitrary
/// errors (AccessDenied, throttling) on demand.
/// </summary>
public sealed class ErrorMappingTests
{
    /// <summary>Retries off, so each test sees exactly one answer.</summary>
    private static readonly ResilienceOptions NoRetry = TestClients.Fast with { MaxRetryAttempts = 0 };

    [Fact]
    public async Task Query_XML_error_maps_code_message_status_and_the_body_request_id()
    {
        using var fake = new FakeAws();
        fake.Script(FakeReply.QueryError(403, "AccessDenied", "User: arn:aws:iam::123456789012:user/x is not authorized to perform: iam:GetAccountSummary", "iam-req-42"));
        var clients = TestClients.ForFake(fake, NoRetry);

        var error = await Assert.ThrowsAsync<AwsServiceException>(() => clients.Iam().GetAccountSummaryAsync(CancellationToken.None));

        Assert.Equal("iam", error.Service);
        Assert.Equal("GetAccountSummary", error.Operation);
        Assert.Equal("AccessDenied", error.ErrorCode);
        Assert.Equal("User: arn:aws:iam::123456789012:user/x is not authorized to perform: iam:GetAccountSummary", error.ErrorMessage);
        Assert.Equal(HttpStatusCode.Forbidden, error.StatusCode);
        Assert.Equal("iam-req-42", error.RequestId);
        Assert.Null(error.RetryAfter);
    }

    [Fact]
    public async Task EC2_XML_error_maps_code_message_status_and_RequestID()
    {
        using var fake = new FakeAws();
        fake.Script(FakeReply.Ec2Error(403, "UnauthorizedOperation", "You are not authorized to perform this operation.", "ec2-req-7"));
        var clients = TestClients.ForFake(fake, NoRetry);

        var error = await Assert.ThrowsAsync<AwsServiceException>(() => clients.Ec2("eu-west-1").DescribeRegionsAsync(CancellationToken.None));

        Assert.Equal("ec2", error.Service);
        Assert.Equal("DescribeRegions", error.Operation);
        Assert.Equal("UnauthorizedOperation", error.ErrorCode);
        Assert.Equal("You are not authorized to perform this operation.", error.ErrorMessage);
        Assert.Equal(HttpStatusCode.Forbidden, error.StatusCode);
        Assert.Equal("ec2-req-7", error.RequestId);
    }

    [Fact]
    public async Task Json11_error_takes_the_code_after_the_hash_and_the_header_request_id()
    {
        using var fake = new FakeAws();
        fake.Script(FakeReply.Json11Error(400, "InvalidParameterException", "bad parameter", "shield-req-9"));
        var clients = TestClients.ForFake(fake, NoRetry);

        var error = await Assert.ThrowsAsync<AwsServiceException>(() => clients.Shield().DescribeSubscriptionAsync(CancellationToken.None));

        Assert.Equal("shield", error.Service);
        Assert.Equal("DescribeSubscription", error.Operation);
        Assert.Equal("InvalidParameterException", error.ErrorCode);
        Assert.Equal("bad parameter", error.ErrorMessage);
        Assert.Equal(HttpStatusCode.BadRequest, error.StatusCode);
        Assert.Equal("shield-req-9", error.RequestId);
    }

    [Fact]
    public async Task RestJson_error_takes_the_code_from_the_error_type_header_without_its_suffix()
    {
        using var fake = new FakeAws();
        fake.Script(FakeReply.RestJsonError(403, "AccessDeniedException", "User is not authorized to perform: guardduty:ListDetectors", "gd-req-3"));
        var clients = TestClients.ForFake(fake, NoRetry);

        var error = await Assert.ThrowsAsync<AwsServiceException>(() => clients.GuardDuty("eu-west-1").ListDetectorsAsync(CancellationToken.None));

        Assert.Equal("guardduty", error.Service);
        Assert.Equal("ListDetectors", error.Operation);
        Assert.Equal("AccessDeniedException", error.ErrorCode);
        Assert.Equal("User is not authorized to perform: guardduty:ListDetectors", error.ErrorMessage);
        Assert.Equal(HttpStatusCode.Forbidden, error.StatusCode);
        Assert.Equal("gd-req-3", error.RequestId);
    }

    [Fact]
    public async Task RestJson_error_without_the_header_reads_Code_and_Message_from_the_body()
    {
        using var fake = new FakeAws();
        fake.Script(FakeReply.Json("""{"Code":"InvalidAccessException","Message":"Account 123456789012 is not subscribed to AWS Security Hub"}""", 401));
        var clients = TestClients.ForFake(fake, NoRetry);

        var error = await Assert.ThrowsAsync<AwsServiceException>(() => clients.SecurityHub("us-east-1").DescribeHubAsync(CancellationToken.None));

        Assert.Equal("InvalidAccessException", error.ErrorCode);
        Assert.Equal("Account 123456789012 is not subscribed to AWS Security Hub", error.ErrorMessage);
        Assert.Equal(HttpStatusCode.Unauthorized, error.StatusCode);
    }

    [Fact]
    public async Task An_HTML_error_page_maps_to_a_code_from_the_status_and_keeps_the_text()
    {
        using var fake = new FakeAws();
        fake.Script(new FakeReply(502, "<!doctype html><html><title>502 Bad Gateway</title></html>", "text/html"));
        var clients = TestClients.ForFake(fake, NoRetry);

        var error = await Assert.ThrowsAsync<AwsServiceException>(() => clients.SecurityHub("us-east-1").DescribeHubAsync(CancellationToken.None));

        Assert.Equal("ServiceUnavailable", error.ErrorCode);
        Assert.Equal(HttpStatusCode.BadGateway, error.StatusCode);
        Assert.Contains("502 Bad Gateway", error.ErrorMessage, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_success_body_that_is_not_the_expected_shape_is_MalformedResponse()
    {
        using var fake = new FakeAws();
        // A complete JSON document of the wrong shape (a cut or unreadable body is IncompleteResponse and retried).
        fake.Script(FakeReply.Json("""{"detectorIds":"not a list"}"""));
        var clients = TestClients.ForFake(fake, NoRetry);

        var error = await Assert.ThrowsAsync<AwsServiceException>(() => clients.GuardDuty("us-east-1").ListDetectorsAsync(CancellationToken.None));

        Assert.Equal("MalformedResponse", error.ErrorCode);
        Assert.Equal("ListDetectors", error.Operation);
    }
}
