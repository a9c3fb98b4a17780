using Auditor.Aws.Ec2;
using Auditor.Aws.Http;
using Auditor.Aws.SecurityHub;
using Auditor.Aws.Sts;
using Auditor.Core.Auditing;
using Auditor.Core.Checks;

namespace Auditor.Aws.Auditing;

/// <summary>
/// The resolve stage: who we are, which checks, which regions, and that Security Hub can take the findings where they
/// go. Everything that could make the request invalid is checked here, before anything is read or written.
/// </summary>
public sealed class AuditScopeResolver
{
    private readonly AwsClientFactory _clients;
    private readonly AuditorOptions _options;

    public AuditScopeResolver(AwsClientFactory clients, AuditorOptions options)
    {
        _clients = clients;
        _options = options;
    }

    /// <summary>The operations the resolution calls.</summary>
    public static IReadOnlyList<AwsOperation> Operations { get; } = [StsClient.GetCallerIdentity, Ec2Client.DescribeRegions, SecurityHubClient.DescribeHub];

    public async Task<AuditScope> ResolveAsync(AuditRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var checks = SelectChecks(request.Checks);
        string accountId;
        using (var sts = _clients.Sts())
        {
            accountId = await sts.GetCallerIdentityAccountAsync(cancellationToken).ConfigureAwait(false);
        }

        if (request.Accounts is { } accounts && accounts.Any(a => a != accountId))
        {
            throw new AuditRequestException("accounts", $"this function audits its own account {accountId}; {string.Join(", ", accounts.Where(a => a != accountId))} can only be audited in organization mode");
        }

        var scope = new AuditScope
        {
            AccountId = accountId,
            Partition = _clients.Environment.Partition,
            Regions = await ResolveRegionsAsync(request.Regions, cancellationToken).ConfigureAwait(false),
            SecurityHubRegion = _options.SecurityHubRegion ?? _clients.Environment.Region,
            Checks = checks,
            DryRun = request.DryRun,
        };
        if (scope.DryRun)
        {
            return scope;
        }

        // One region without Security Hub must not keep the others from being written: it is left out and reported.
        var notEnabled = (await Task.WhenAll(scope.ImportRegions.Select(r => NotEnabledAsync(r, cancellationToken))).ConfigureAwait(false))
            .OfType<KeyValuePair<string, string>>()
            .ToDictionary(StringComparer.Ordinal);
        if (notEnabled.Count == scope.ImportRegions.Count)
        {
            throw new SecurityHubNotEnabledException(notEnabled);
        }

        return notEnabled.Count == 0
            ? scope
            : scope with { Regions = scope.Regions.Where(r => !notEnabled.ContainsKey(r)).ToList(), SecurityHubNotEnabled = notEnabled };
    }

    private async Task<KeyValuePair<string, string>?> NotEnabledAsync(string region, CancellationToken cancellationToken)
    {
        try
        {
            await _clients.SecurityHub(region).EnsureEnabledAsync(cancellationToken).ConfigureAwait(false);
            return null;
        }
        catch (SecurityHubNotEnabledException e)
        {
            return KeyValuePair.Create(region, e.Details.GetValueOrDefault(region) ?? e.Message);
        }
    }

    private async Task<IReadOnlyList<string>> ResolveRegionsAsync(IReadOnlyList<string>? requested, CancellationToken cancellationToken)
    {
        var wanted = requested ?? _options.Regions;
        foreach (var region in wanted ?? [])
        {
            if (!AwsNames.IsRegion(region))
            {
                throw new AuditRequestException("regions", $"'{region}' is not a region name (expected a name like us-east-1)");
            }
        }

        var enabled = await _clients.Ec2(_clients.Environment.Region).DescribeRegionsAsync(cancellationToken).ConfigureAwait(false);
        if (wanted is null)
        {
            return enabled;
        }

        var notEnabled = wanted.Where(r => !enabled.Contains(r, StringComparer.Ordinal)).ToList();
        if (notEnabled.Count > 0)
        {
            throw new AuditRequestException("regions", $"{string.Join(", ", notEnabled)} {(notEnabled.Count == 1 ? "is" : "are")} not enabled for this account (enabled: {string.Join(", ", enabled)})");
        }

        return wanted.Distinct(StringComparer.Ordinal).ToList();
    }

    private static IReadOnlyList<ICheck> SelectChecks(IReadOnlyList<string>? ids)
    {
        var unknown = ids?.Where(id => CheckCatalog.Find(id) is null).ToList() ?? [];
        if (unknown.Count > 0)
        {
            throw new AuditRequestException("checks", $"unknown check id(s) {string.Join(", ", unknown)}; known: {string.Join(", ", CheckCatalog.Ids)}");
        }

        return CheckCatalog.Select(ids);
    }
}
