using Auditor.Aws.Resilience;
using Auditor.Core.CredentialReports;
using Polly.Timeout;

namespace Auditor.Aws.Evidence;

/// <summary>
/// The one rule for a read that failed after the resilience pipeline did what it could: which failures mean
/// "this data could not be read" (with a code and a reason a security engineer can act on), and which are bugs.
/// </summary>
internal static class ReadFailures
{
    public static bool TryDescribe(Exception exception, out string code, out string reason)
    {
        (code, reason) = exception switch
        {
            // A failure without an answer (cut reply, lost connection) says what happened in its message; an answer is quoted.
            AwsServiceException e => (e.ErrorCode, e.NoAnswer ? e.Message : $"{e.Service} {e.Operation} answered {e.ErrorCode}: {e.ErrorMessage}"),
            CredentialReportFormatException e => ("MalformedCredentialReport", e.Message),
            TimeoutRejectedException e => (TransientErrors.Timeout, $"every attempt timed out: {e.Message}"),
            HttpRequestException e => (TransientErrors.ConnectionFailed, $"the service could not be reached: {e.Message}"),
            IOException e => (TransientErrors.ConnectionFailed, $"the connection failed: {e.Message}"),
            _ => (string.Empty, string.Empty),
        };
        return code.Length > 0;
    }
}
