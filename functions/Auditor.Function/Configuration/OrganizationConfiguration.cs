using System.Text.RegularExpressions;
using Auditor.Core.Auditing;

namespace Auditor.Function.Configuration;

/// <summary>
/// Organization-wide audits from the environment variables template.yaml sets: where the dispatch function queues
/// (<c>AUDIT_QUEUE_URL</c>), which accounts to leave out (<c>AUDIT_EXCLUDE_ACCOUNTS</c>), and how the worker enters
/// each account (<c>AUDIT_ROLE_NAME</c>, <c>AUDIT_EXTERNAL_ID</c>). Anything unusable is a
/// <see cref="ConfigurationException"/> naming the variable.
/// </summary>
public static partial class OrganizationConfiguration
{
    public const string QueueUrl = "AUDIT_QUEUE_URL";
    public const string ExcludeAccounts = "AUDIT_EXCLUDE_ACCOUNTS";
    public const string RoleName = "AUDIT_ROLE_NAME";
    public const string ExternalId = "AUDIT_EXTERNAL_ID";

    /// <summary>The member role's name when <c>AUDIT_ROLE_NAME</c> is empty (member-role.yaml's default).</summary>
    public const string DefaultRoleName = "AuditorMemberRole";

    /// <summary>What the dispatch function reads, for the template consistency test.</summary>
    public static IReadOnlyList<string> DispatcherVariables { get; } = [QueueUrl, ExcludeAccounts];

    /// <summary>What the worker reads beyond the audit's own settings.</summary>
    public static IReadOnlyList<string> WorkerVariables { get; } = [RoleName, ExternalId, ExcludeAccounts];

    // IAM role names: 1-64 of [\w+=,.@-]; a path is not part of the name we build the ARN from.
    [GeneratedRegex(@"^[\w+=,.@-]{1,64}$")]
    private static partial Regex RoleNamePattern();

    // STS ExternalId: 2-1224 of [\w+=,.@:/-].
    [GeneratedRegex(@"^[\w+=,.@:/-]{2,1224}$")]
    private static partial Regex ExternalIdPattern();

    /// <summary>The dispatch function's settings: the audit queue, and the accounts to leave out.</summary>
    public static DispatcherOptions LoadDispatcher(Func<string, string?> variables)
    {
        var excluded = Accounts(variables, ExcludeAccounts);
        var queueUrl = Get(variables, QueueUrl)
            ?? throw new ConfigurationException(QueueUrl, "is not set; the dispatch function queues one message per account there (template.yaml sets it to the audit queue)");
        if (!(Uri.TryCreate(queueUrl, UriKind.Absolute, out var uri) && uri.Scheme is "https" or "http"))
        {
            throw new ConfigurationException(QueueUrl, $"'{queueUrl}' is not a queue URL (https://sqs.REGION.amazonaws.com/ACCOUNT/NAME)");
        }

        return new DispatcherOptions(queueUrl, excluded);
    }

    /// <summary>The worker's settings: the member role's name and the external id its trust policy requires.</summary>
    public static WorkerOptions LoadWorker(Func<string, string?> variables)
    {
        var roleName = Get(variables, RoleName) ?? DefaultRoleName;
        if (!RoleNamePattern().IsMatch(roleName))
        {
            throw new ConfigurationException(RoleName, $"'{roleName}' is not an IAM role name (1 to 64 letters, digits and +=,.@_-)");
        }

        var externalId = Get(variables, ExternalId)
            ?? throw new ConfigurationException(ExternalId, "is not set; the member role trusts the worker only with the external id given to member-role.yaml");
        if (!ExternalIdPattern().IsMatch(externalId))
        {
            throw new ConfigurationException(ExternalId, "is not a valid external id (2 to 1224 letters, digits and +=,.@:/_-)");
        }

        return new WorkerOptions(roleName, externalId) { ExcludedAccounts = Accounts(variables, ExcludeAccounts) };
    }

    private static string? Get(Func<string, string?> variables, string name) =>
        variables(name) is { } v && v.Trim().Length > 0 ? v.Trim() : null;

    private static HashSet<string> Accounts(Func<string, string?> variables, string name)
    {
        var accounts = new HashSet<string>(StringComparer.Ordinal);
        foreach (var item in (Get(variables, name) ?? string.Empty).Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            if (!AwsNames.IsAccountId(item))
            {
                throw new ConfigurationException(name, $"'{item}' is not a 12-digit account id (expected account ids separated by commas)");
            }

            accounts.Add(item);
        }

        return accounts;
    }
}

/// <summary>Where the dispatch function queues, and which accounts it leaves out.</summary>
public sealed record DispatcherOptions(string QueueUrl, IReadOnlySet<string> ExcludedAccounts);

/// <summary>How the worker enters a member account, and which accounts it refuses as the dispatcher leaves them out.</summary>
public sealed record WorkerOptions(string RoleName, string ExternalId)
{
    public IReadOnlySet<string> ExcludedAccounts { get; init; } = new HashSet<string>(StringComparer.Ordinal);
}
