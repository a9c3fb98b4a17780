using Amazon.Runtime;
using Auditor.Aws.Auditing;
using Auditor.Aws.Http;
using Auditor.Aws.Iam;
using Auditor.Aws.Resilience;
using Auditor.Core.Auditing;
using Auditor.Testing;

namespace Auditor.Aws.Tests.Freshness;

/// <summary>
/// Runs the account auditor against moto, with IAM behind a <see cref="StaleReportProxy"/> so the test decides how old
/// the credential report is and whether it keeps its first content (moto regenerates it on every request).
/// </summary>
internal static class FreshnessHarness
{
    public static readonly IReadOnlyList<string> IamChecks =
        ["root.mfa", "root.hardware-mfa", "root.access-keys", "iam.user-mfa", "iam.unused-credentials", "iam.access-key-rotation", "iam.single-active-key"];

    public static IamClient Iam(MotoServer moto, CallCounters? counters = null) => Clients(moto, null, counters ?? new CallCounters()).Iam();

    public static AwsClientFactory Clients(MotoServer moto, StaleReportProxy? proxy, CallCounters counters)
    {
        var variables = new Dictionary<string, string>(moto.AwsVariables);
        if (proxy is not null)
        {
            variables["AWS_ENDPOINT_URL_IAM"] = proxy.Endpoint.ToString().TrimEnd('/');
        }

        var resilience = ResilienceOptions.Default with { MaxRetryAttempts = 2, BaseDelay = TimeSpan.FromMilliseconds(10), MaxDelay = TimeSpan.FromMilliseconds(100) };
        return new AwsClientFactory(
            new AwsEnvironment(name => variables.GetValueOrDefault(name)),
            new BasicAWSCredentials("testing", "testing"),
            new AwsResilience(resilience, counters));
    }

    public static async Task<(AuditOutcome Outcome, CallCounters Calls)> AuditAsync(
        MotoServer moto, StaleReportProxy proxy, bool dryRun = false, IReadOnlyList<string>? checks = null, AuditorOptions? options = null)
    {
        var counters = new CallCounters();
        var auditor = new AccountAuditor(Clients(moto, proxy, counters), options ?? new AuditorOptions(), TimeProvider.System);
        var outcome = await auditor.RunAsync(new AuditRequest([MotoServer.Region], checks ?? IamChecks, dryRun), CancellationToken.None);
        return (outcome, counters);
    }

    public static int Calls(CallCounters counters, string operation) => counters.Calls.GetValueOrDefault(operation);

    public static string FindingId(string check, string resource) => $"auditor/{MotoServer.AccountId}/global/{check}/{resource}";

    public static string UserArn(string user) => $"arn:aws:iam::{MotoServer.AccountId}:user/{user}";

    public const string Account = $"AWS::::Account:{MotoServer.AccountId}";
}
