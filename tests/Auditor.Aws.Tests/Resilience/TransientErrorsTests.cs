using System.Net;
using Auditor.Aws.Resilience;
using Polly.Timeout;

namespace Auditor.Aws.Tests.Resilience;

/// <summary>The one retry rule, as a table: what is worth another attempt, and the cause it is counted under.</summary>
public sealed class TransientErrorsTests
{
    [Theory]
    [InlineData("Throttling", 400, true, "throttling")]
    [InlineData("ThrottlingException", 400, true, "throttling")]
    [InlineData("TooManyRequestsException", 429, true, "throttling")]
    [InlineData("RequestLimitExceeded", 503, true, "throttling")]
    [InlineData("LimitExceededException", 429, true, "throttling")]
    [InlineData("Http429", 429, true, "throttling")]
    [InlineData("SlowDown", 503, true, "throttling")]
    [InlineData("LimitExceeded", 409, true, "throttling")]
    [InlineData("InternalFailure", 500, true, "http-500")]
    [InlineData("InternalException", 500, true, "http-500")]
    [InlineData("ServiceUnavailable", 503, true, "http-503")]
    [InlineData("Anything", 502, true, "http-502")]
    [InlineData("RequestTimeout", 400, true, "http-400")]
    [InlineData("IncompleteResponse", 200, true, "incomplete-response")]
    [InlineData("ExpiredToken", 403, true, "expired-credentials")]
    [InlineData("ExpiredTokenException", 403, true, "expired-credentials")]
    [InlineData("RequestExpired", 400, true, "expired-credentials")]
    [InlineData("AccessDenied", 403, false, null)]
    [InlineData("AccessDeniedException", 403, false, null)]
    [InlineData("UnauthorizedOperation", 403, false, null)]
    [InlineData("InvalidAccessException", 401, false, null)]
    [InlineData("ValidationException", 400, false, null)]
    [InlineData("InvalidInputException", 400, false, null)]
    [InlineData("InvalidParameterValue", 400, false, null)]
    [InlineData("ResourceNotFoundException", 400, false, null)]
    [InlineData("NoSuchEntity", 404, false, null)]
    [InlineData("InvalidClientTokenId", 403, false, null)]
    [InlineData("MalformedResponse", 200, false, null)]
    [InlineData("UnknownOperationException", 400, false, null)]
    public void Aws_errors_are_retried_only_when_another_attempt_can_succeed(string code, int status, bool transient, string? cause)
    {
        var error = new AwsServiceException("svc", "Op", code, "message", (HttpStatusCode)status, null);

        Assert.Equal(transient, TransientErrors.IsTransient(error));
        if (cause is not null)
        {
            Assert.Equal(cause, TransientErrors.Cause(error));
        }
    }

    [Fact]
    public void Transport_failures_are_transient_and_named()
    {
        Assert.True(TransientErrors.IsTransient(new HttpRequestException("reset")));
        Assert.True(TransientErrors.IsTransient(new IOException("cut")));
        Assert.True(TransientErrors.IsTransient(new TimeoutRejectedException()));
        Assert.Equal("connection", TransientErrors.Cause(new HttpRequestException("reset")));
        Assert.Equal("connection", TransientErrors.Cause(new IOException("cut")));
        Assert.Equal("timeout", TransientErrors.Cause(new TimeoutRejectedException()));
    }

    [Fact]
    public void Cancellation_and_programming_errors_are_not_transient()
    {
        Assert.False(TransientErrors.IsTransient(new OperationCanceledException()));
        Assert.False(TransientErrors.IsTransient(new TaskCanceledException()));
        Assert.False(TransientErrors.IsTransient(new InvalidOperationException()));
        Assert.False(TransientErrors.IsTransient(new FormatException()));
    }

    [Fact]
    public void A_call_without_an_answer_after_its_retries_keeps_a_transient_code_naming_why()
    {
        var timeout = AwsServiceException.WithoutAnswer("guardduty", "ListDetectors", TransientErrors.Timeout, "no answer within 1 s, 4 attempts", new TimeoutRejectedException());
        var connection = AwsServiceException.WithoutAnswer("iam", "GetAccountSummary", TransientErrors.ConnectionFailed, "reset", new HttpRequestException());

        Assert.True(timeout.NoAnswer);
        Assert.Equal("guardduty ListDetectors failed with Timeout (no answer): no answer within 1 s, 4 attempts", timeout.Message);
        Assert.Equal("timeout", TransientErrors.Cause(timeout));
        Assert.Equal("connection", TransientErrors.Cause(connection));
        Assert.True(TransientErrors.IsTransient(connection));
    }
}
