using System.Net;
using System.Text;
using Auditor.Aws.Http;

namespace Auditor.Aws.Tests.Http;

/// <summary>Error answers in each wire protocol, as the services (and proxies in front of them) send them.</summary>
public sealed class AwsErrorParserTests
{
    [Theory]
    [InlineData("iam", 400, """<ErrorResponse xmlns="https://iam.amazonaws.com/doc/2010-05-08/"><Error><Type>Sender</Type><Code>Throttling</Code><Message>Rate exceeded</Message></Error><RequestId>r-1</RequestId></ErrorResponse>""", null, "Throttling", "Rate exceeded")]
    [InlineData("ec2", 503, """<?xml version="1.0" encoding="UTF-8"?><Response><Errors><Error><Code>RequestLimitExceeded</Code><Message>Request limit exceeded.</Message></Error></Errors><RequestID>r-2</RequestID></Response>""", null, "RequestLimitExceeded", "Request limit exceeded.")]
    [InlineData("shield", 400, """{"__type":"com.amazonaws.shield#ThrottlingException","message":"Rate exceeded"}""", null, "ThrottlingException", "Rate exceeded")]
    [InlineData("guardduty", 429, """{"message":"Rate exceeded","__type":"TooManyRequestsException"}""", "TooManyRequestsException:http://internal.amazon.com/coral/com.amazon.guardduty/", "TooManyRequestsException", "Rate exceeded")]
    [InlineData("securityhub", 429, """{"Code":"LimitExceededException","Message":"Rate exceeded"}""", "LimitExceededException", "LimitExceededException", "Rate exceeded")]
    [InlineData("securityhub", 401, """{"Code":"InvalidAccessException","Message":"Account 123456789012 is not subscribed to AWS Security Hub"}""", null, "InvalidAccessException", "Account 123456789012 is not subscribed to AWS Security Hub")]
    [InlineData("guardduty", 500, "", null, "ServiceUnavailable", "HTTP 500 with an empty body")]
    [InlineData("guardduty", 429, "", null, "TooManyRequestsException", "HTTP 429 with an empty body")]
    [InlineData("iam", 403, "<html><body>Forbidden</body></html>", null, "AccessDenied", "<html><body>Forbidden</body></html>")]
    [InlineData("shield", 502, "<html><body>Bad Gateway", null, "ServiceUnavailable", "<html><body>Bad Gateway")]
    [InlineData("securityhub", 400, """{"Message":"cut sh""", "InvalidInputException", "InvalidInputException", """{"Message":"cut sh""")]
    public void Each_protocols_error_gives_its_code_and_message(string service, int status, string body, string? errorTypeHeader, string code, string message)
    {
        using var response = new HttpResponseMessage((HttpStatusCode)status);
        if (errorTypeHeader is not null)
        {
            response.Headers.TryAddWithoutValidation("X-Amzn-ErrorType", errorTypeHeader);
        }

        var error = AwsErrorParser.Parse(service, "Op", (HttpStatusCode)status, response.Headers, Encoding.UTF8.GetBytes(body));

        Assert.Equal(code, error.ErrorCode);
        Assert.Equal(message, error.ErrorMessage);
        Assert.Equal((HttpStatusCode)status, error.StatusCode);
    }

    [Fact]
    public void The_request_id_comes_from_the_header_or_the_XML()
    {
        using var withHeader = new HttpResponseMessage(HttpStatusCode.BadRequest);
        withHeader.Headers.TryAddWithoutValidation("x-amzn-RequestId", "from-header");
        using var without = new HttpResponseMessage(HttpStatusCode.BadRequest);
        var xml = Encoding.UTF8.GetBytes("<Response><Errors><Error><Code>X</Code></Error></Errors><RequestID>from-xml</RequestID></Response>");

        Assert.Equal("from-header", AwsErrorParser.Parse("ec2", "Op", HttpStatusCode.BadRequest, withHeader.Headers, xml).RequestId);
        Assert.Equal("from-xml", AwsErrorParser.Parse("ec2", "Op", HttpStatusCode.BadRequest, without.Headers, xml).RequestId);
    }

    [Theory]
    [InlineData("3", 3.0)]
    [InlineData("0", 0.0)]
    public void Retry_After_in_seconds_is_read(string header, double seconds)
    {
        using var response = new HttpResponseMessage(HttpStatusCode.TooManyRequests);
        response.Headers.TryAddWithoutValidation("Retry-After", header);

        var error = AwsErrorParser.Parse("securityhub", "Op", HttpStatusCode.TooManyRequests, response.Headers, []);

        Assert.Equal(TimeSpan.FromSeconds(seconds), error.RetryAfter);
    }

    [Fact]
    public void Retry_After_as_a_date_is_the_time_until_then()
    {
        using var response = new HttpResponseMessage(HttpStatusCode.ServiceUnavailable);
        response.Headers.RetryAfter = new System.Net.Http.Headers.RetryConditionHeaderValue(DateTimeOffset.UtcNow.AddSeconds(30));

        var wait = AwsErrorParser.Parse("securityhub", "Op", HttpStatusCode.ServiceUnavailable, response.Headers, []).RetryAfter!.Value;

        Assert.InRange(wait, TimeSpan.FromSeconds(25), TimeSpan.FromSeconds(31));
    }

    [Theory]
    [InlineData("""{"a":1}""", false, null)]
    [InlineData("""  {"a":[1,2,{"b":null}]}  """, false, null)]
    [InlineData("""{"a":1""", false, "ends or breaks")]
    [InlineData("""{"a":1}{"b":2}""", false, "ends or breaks")]
    [InlineData("", false, "empty")]
    [InlineData("   ", true, "empty")]
    [InlineData("<a><b/></a>", true, null)]
    [InlineData("<?xml version=\"1.0\"?>\n<a xmlns=\"x\"><b>t</b></a>", true, null)]
    [InlineData("<a><b>", true, "ends or breaks")]
    [InlineData("<a></b>", true, "ends or breaks")]
    [InlineData("{\"json\":true}", true, "ends or breaks")]
    public void A_reply_is_complete_only_when_it_is_one_whole_document_of_its_kind(string body, bool xml, string? problem)
    {
        var found = ReplyIntegrity.Problem(Encoding.UTF8.GetBytes(body), xml);

        if (problem is null)
        {
            Assert.Null(found);
        }
        else
        {
            Assert.Contains(problem, found, StringComparison.Ordinal);
        }
    }
}
