using System.Globalization;
using System.Text;
using Auditor.Aws.Http;
using Auditor.Core.CredentialReports;
using Auditor.Core.Model;
using Auditor.Core.Policies;

namespace Auditor.Aws.Iam;

/// <summary>IAM over the query protocol (XML replies), global endpoint signed for us-east-1.</summary>
public sealed class IamClient
{
    private const string Version = "2010-05-08";

    /// <summary>IAM users' credentials: grantable on the account's users only.</summary>
    private const string AccountUsers = "arn:${AWS::Partition}:iam::${AWS::AccountId}:user/*";

    public static readonly AwsOperation GenerateCredentialReport = new(AwsService.Iam, nameof(GenerateCredentialReport));
    public static readonly AwsOperation GetCredentialReport = new(AwsService.Iam, nameof(GetCredentialReport));
    public static readonly AwsOperation GetAccountSummary = new(AwsService.Iam, nameof(GetAccountSummary));
    public static readonly AwsOperation ListVirtualMFADevices = new(AwsService.Iam, nameof(ListVirtualMFADevices));
    public static readonly AwsOperation ListUsers = new(AwsService.Iam, nameof(ListUsers));
    public static readonly AwsOperation GetLoginProfile = new(AwsService.Iam, nameof(GetLoginProfile), resource: AccountUsers);
    public static readonly AwsOperation ListMFADevices = new(AwsService.Iam, nameof(ListMFADevices), resource: AccountUsers);
    public static readonly AwsOperation ListAccessKeys = new(AwsService.Iam, nameof(ListAccessKeys), resource: AccountUsers);
    public static readonly AwsOperation GetAccessKeyLastUsed = new(AwsService.Iam, nameof(GetAccessKeyLastUsed), resource: AccountUsers);
    public static readonly AwsOperation GetAccountAuthorizationDetails = new(AwsService.Iam, nameof(GetAccountAuthorizationDetails));
    public static readonly AwsOperation GetAccountPasswordPolicy = new(AwsService.Iam, nameof(GetAccountPasswordPolicy));

    private readonly AwsRequestSender _sender;

    public IamClient(AwsRequestSender sender) => _sender = sender;

    /// <summary>How long to wait for a report that AWS is still generating (default 2 minutes).</summary>
    public TimeSpan ReportWaitLimit { get; init; } = TimeSpan.FromMinutes(2);

    /// <summary>First wait before asking again for a report in progress; doubled up to 4 s (default 250 ms).</summary>
    public TimeSpan ReportPollInterval { get; init; } = TimeSpan.FromMilliseconds(250);

    public TimeProvider TimeProvider { get; init; } = TimeProvider.System;

    /// <summary>Starts a report, or learns that one is ready: STARTED, INPROGRESS or COMPLETE.</summary>
    public async Task<string> GenerateCredentialReportAsync(CancellationToken cancellationToken)
    {
        var reply = await CallAsync(GenerateCredentialReport, null, cancellationToken).ConfigureAwait(false);
        return reply.Find("State")?.Value ?? throw XmlReply.Malformed("iam", "GenerateCredentialReport", "no State");
    }

    /// <summary>The report as AWS stores it: Base64 <c>Content</c> decoded to CSV, and its <c>GeneratedTime</c>.</summary>
    public async Task<GetCredentialReportResponse> GetCredentialReportAsync(CancellationToken cancellationToken)
    {
        var reply = await CallAsync(GetCredentialReport, null, cancellationToken).ConfigureAwait(false);
        var result = reply.Find("GetCredentialReportResult") ?? reply;
        var content = result.Text("Content") ?? throw XmlReply.Malformed("iam", "GetCredentialReport", "no Content");
        string csv;
        try
        {
            csv = Encoding.UTF8.GetString(Convert.FromBase64String(content.Trim()));
        }
        catch (FormatException)
        {
            throw XmlReply.Malformed("iam", "GetCredentialReport", "Content is not Base64");
        }

        var generated = result.Date("GeneratedTime") ?? throw XmlReply.Malformed("iam", "GetCredentialReport", "no GeneratedTime");
        return new GetCredentialReportResponse(csv, generated, result.Text("ReportFormat") ?? "text/csv");
    }

    /// <summary>
    /// Generates the report and reads it once it is complete: a report in progress is waited out, an expired
    /// or missing one generated again. A report that does not arrive within <see cref="ReportWaitLimit"/> is an error.
    /// </summary>
    public async Task<CredentialReport> GetCompleteCredentialReportAsync(CancellationToken cancellationToken)
    {
        var deadline = TimeProvider.GetUtcNow() + ReportWaitLimit;
        var state = await GenerateCredentialReportAsync(cancellationToken).ConfigureAwait(false);
        var wait = ReportPollInterval;
        while (true)
        {
            if (state == "COMPLETE")
            {
                try
                {
                    var report = await GetCredentialReportAsync(cancellationToken).ConfigureAwait(false);
                    return CredentialReportParser.Parse(report.Content, report.GeneratedTime);
                }
                catch (AwsServiceException e) when (e.ErrorCode is "ReportInProgress" or "ReportNotPresent" or "ReportExpired")
                {
                    state = e.ErrorCode == "ReportInProgress" ? "INPROGRESS" : "EXPIRED";
                }
            }

            if (TimeProvider.GetUtcNow() >= deadline)
            {
                throw new AwsServiceException("iam", "GetCredentialReport", "ReportNotReady", $"the credential report was still {state} after {ReportWaitLimit.TotalSeconds:0} seconds", System.Net.HttpStatusCode.OK, null);
            }

            await Task.Delay(wait, TimeProvider, cancellationToken).ConfigureAwait(false);
            wait = TimeSpan.FromTicks(Math.Min(wait.Ticks * 2, TimeSpan.FromSeconds(4).Ticks));
            // Generating again is how a report in progress is polled and how an expired one is replaced.
            state = await GenerateCredentialReportAsync(cancellationToken).ConfigureAwait(false);
        }
    }

    public async Task<AccountSummary> GetAccountSummaryAsync(CancellationToken cancellationToken)
    {
        var reply = await CallAsync(GetAccountSummary, null, cancellationToken).ConfigureAwait(false);
        var map = new Dictionary<string, long>(StringComparer.Ordinal);
        var summaryMap = reply.Find("SummaryMap") ?? throw XmlReply.Malformed("iam", "GetAccountSummary", "no SummaryMap");
        foreach (var entry in summaryMap.Children("entry"))
        {
            if (entry.Text("key") is { } key && long.TryParse(entry.Text("value"), NumberStyles.Integer, CultureInfo.InvariantCulture, out var value))
            {
                map[key] = value;
            }
        }

        return new AccountSummary(map);
    }

    /// <summary>
    /// Every virtual MFA device of the account, assigned or not, across all pages (empty pages with a marker
    /// included). A page without its <c>VirtualMFADevices</c> list, or a marker that comes back again, is an error:
    /// an unreadable list must not read as "no virtual device", which would pass <c>root.hardware-mfa</c>.
    /// </summary>
    public Task<IReadOnlyList<VirtualMfaDevice>> ListVirtualMFADevicesAsync(CancellationToken cancellationToken) =>
        ListAllAsync(
            ListVirtualMFADevices,
            [new("AssignmentStatus", "Any")],
            "VirtualMFADevices",
            member => new VirtualMfaDevice(
                member.Text("SerialNumber") ?? string.Empty,
                member.Child("User")?.Text("Arn"),
                member.Date("EnableDate")),
            cancellationToken);

    /// <summary>Every IAM user of the account (<c>ListUsers</c>, pages of <c>MaxItems</c> 1000).</summary>
    public Task<IReadOnlyList<ListedUser>> ListUsersAsync(CancellationToken cancellationToken) =>
        ListAllAsync(
            ListUsers,
            [],
            "Users",
            member => new ListedUser(
                member.Text("UserName") ?? throw XmlReply.Malformed("iam", "ListUsers", "a user without UserName"),
                member.Text("Arn") ?? throw XmlReply.Malformed("iam", "ListUsers", "a user without Arn"),
                member.Text("UserId") ?? string.Empty,
                member.Text("Path") ?? "/",
                member.Date("CreateDate"),
                member.Date("PasswordLastUsed")),
            cancellationToken);

    /// <summary>The user's console password (<c>GetLoginProfile</c>); <c>NoSuchEntity</c> when the user has none, or does not exist.</summary>
    public async Task<LoginProfile> GetLoginProfileAsync(string userName, CancellationToken cancellationToken)
    {
        var reply = await CallAsync(GetLoginProfile, [new("UserName", userName)], cancellationToken).ConfigureAwait(false);
        var profile = reply.Find("LoginProfile") ?? throw XmlReply.Malformed("iam", "GetLoginProfile", "no LoginProfile");
        return new LoginProfile(
            profile.Text("UserName") ?? userName,
            profile.Date("CreateDate"),
            string.Equals(profile.Text("PasswordResetRequired"), "true", StringComparison.OrdinalIgnoreCase));
    }

    /// <summary>The MFA devices assigned to the user (<c>ListMFADevices</c>); <c>NoSuchEntity</c> when the user does not exist.</summary>
    public Task<IReadOnlyList<MfaDevice>> ListMFADevicesAsync(string userName, CancellationToken cancellationToken) =>
        ListAllAsync(
            ListMFADevices,
            [new("UserName", userName)],
            "MFADevices",
            member => new MfaDevice(member.Text("UserName") ?? userName, member.Text("SerialNumber") ?? string.Empty, member.Date("EnableDate")),
            cancellationToken);

    /// <summary>The user's access keys, active or not (<c>ListAccessKeys</c>); <c>NoSuchEntity</c> when the user does not exist.</summary>
    public Task<IReadOnlyList<AccessKeyMetadata>> ListAccessKeysAsync(string userName, CancellationToken cancellationToken) =>
        ListAllAsync(
            ListAccessKeys,
            [new("UserName", userName)],
            "AccessKeyMetadata",
            member => new AccessKeyMetadata(
                member.Text("UserName") ?? userName,
                member.Text("AccessKeyId") ?? throw XmlReply.Malformed("iam", "ListAccessKeys", "a key without AccessKeyId"),
                member.Text("Status") ?? string.Empty,
                member.Date("CreateDate")),
            cancellationToken);

    /// <summary>When, where and by which service an access key was last used (<c>GetAccessKeyLastUsed</c>).</summary>
    public async Task<AccessKeyLastUsed> GetAccessKeyLastUsedAsync(string accessKeyId, CancellationToken cancellationToken)
    {
        var reply = await CallAsync(GetAccessKeyLastUsed, [new("AccessKeyId", accessKeyId)], cancellationToken).ConfigureAwait(false);
        var lastUsed = reply.Find("AccessKeyLastUsed") ?? throw XmlReply.Malformed("iam", "GetAccessKeyLastUsed", "no AccessKeyLastUsed");
        return new AccessKeyLastUsed(lastUsed.Date("LastUsedDate"), lastUsed.Text("ServiceName") ?? "N/A", lastUsed.Text("Region") ?? "N/A");
    }

    /// <summary>
    /// The account's users, groups, roles and customer managed policies: one walk of
    /// <c>GetAccountAuthorizationDetails</c> with the filters <c>User</c>, <c>Group</c>, <c>Role</c> and
    /// <c>LocalManagedPolicy</c> (AWS managed policies are left out: they are many, large, and the same in every
    /// account), every page (<c>MaxItems</c> 1000, <c>Marker</c> while <c>IsTruncated</c>). Each policy document is
    /// decoded (<see cref="PolicyDocumentText"/>): AWS sends them URL-encoded, moto some of them as plain JSON.
    /// </summary>
    public async Task<AuthorizationDetails> GetAccountAuthorizationDetailsAsync(CancellationToken cancellationToken)
    {
        const string Operation = nameof(GetAccountAuthorizationDetails);
        KeyValuePair<string, string>[] filters =
        [
            new("Filter.member.1", "User"),
            new("Filter.member.2", "Group"),
            new("Filter.member.3", "Role"),
            new("Filter.member.4", "LocalManagedPolicy"),
        ];
        var pages = await Paginator.ReadAllAsync(GetAccountAuthorizationDetails, "Marker", async marker =>
        {
            var page = new List<KeyValuePair<string, string>>(filters) { new("MaxItems", "1000") };
            if (marker is not null)
            {
                page.Add(new("Marker", marker));
            }

            var reply = await CallAsync(GetAccountAuthorizationDetails, page, cancellationToken).ConfigureAwait(false);
            var result = reply.Find($"{Operation}Result") ?? reply;
            var details = AuthorizationDetailsReply.Read(result);
            var truncated = string.Equals(result.Text("IsTruncated"), "true", StringComparison.OrdinalIgnoreCase);
            var next = truncated ? result.Text("Marker") : null;
            return truncated && string.IsNullOrEmpty(next)
                ? throw XmlReply.Malformed("iam", Operation, "IsTruncated is true but there is no Marker")
                : new Page<AuthorizationDetails>([details], next);
        }).ConfigureAwait(false);
        return pages.Count == 1 ? pages[0] : new AuthorizationDetails(
            pages.SelectMany(p => p.Users).ToList(),
            pages.SelectMany(p => p.Groups).ToList(),
            pages.SelectMany(p => p.Roles).ToList(),
            pages.SelectMany(p => p.Policies).ToList());
    }

    /// <summary>The account's password policy (<c>GetAccountPasswordPolicy</c>); <c>NoSuchEntity</c> is "no policy", not an error.</summary>
    public async Task<AccountPasswordPolicy> GetAccountPasswordPolicyAsync(CancellationToken cancellationToken)
    {
        System.Xml.Linq.XElement reply;
        try
        {
            reply = await CallAsync(GetAccountPasswordPolicy, null, cancellationToken).ConfigureAwait(false);
        }
        catch (AwsServiceException e) when (e.ErrorCode == "NoSuchEntity")
        {
            return AccountPasswordPolicy.None;
        }

        var policy = reply.Find("PasswordPolicy") ?? throw XmlReply.Malformed("iam", nameof(GetAccountPasswordPolicy), "no PasswordPolicy");
        return new AccountPasswordPolicy(new PasswordPolicy
        {
            MinimumPasswordLength = Number(policy, "MinimumPasswordLength"),
            RequireSymbols = Flag(policy, "RequireSymbols"),
            RequireNumbers = Flag(policy, "RequireNumbers"),
            RequireUppercaseCharacters = Flag(policy, "RequireUppercaseCharacters"),
            RequireLowercaseCharacters = Flag(policy, "RequireLowercaseCharacters"),
            PasswordReusePrevention = Number(policy, "PasswordReusePrevention"),
            MaxPasswordAge = Number(policy, "MaxPasswordAge"),
        });

        static bool Flag(System.Xml.Linq.XElement element, string name) =>
            string.Equals(element.Text(name), "true", StringComparison.OrdinalIgnoreCase);

        static int? Number(System.Xml.Linq.XElement element, string name) => element.Text(name) switch
        {
            null or "" => null,
            var text => int.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out var value)
                ? value
                : throw XmlReply.Malformed("iam", nameof(GetAccountPasswordPolicy), $"{name} '{text}' is not a number"),
        };
    }

    /// <summary>
    /// Every member of a paginated list: <c>MaxItems</c> 1000, then <c>Marker</c> while <c>IsTruncated</c>
    /// (an absent <c>IsTruncated</c> means the last page). A page without its list element, <c>IsTruncated</c> without a
    /// <c>Marker</c>, or a marker that comes back twice is an error, not an empty list or a loop.
    /// </summary>
    private Task<IReadOnlyList<T>> ListAllAsync<T>(
        AwsOperation operation, KeyValuePair<string, string>[] parameters, string listElement, Func<System.Xml.Linq.XElement, T> read, CancellationToken cancellationToken) =>
        Paginator.ReadAllAsync(operation, "Marker", async marker =>
        {
            var page = new List<KeyValuePair<string, string>>(parameters) { new("MaxItems", "1000") };
            if (marker is not null)
            {
                page.Add(new("Marker", marker));
            }

            var reply = await CallAsync(operation, page, cancellationToken).ConfigureAwait(false);
            var result = reply.Find($"{operation.Name}Result") ?? reply;
            var list = result.Child(listElement) ?? throw XmlReply.Malformed("iam", operation.Name, $"no {listElement} list");
            var items = list.Children("member").Select(read).ToList();
            var truncated = string.Equals(result.Text("IsTruncated"), "true", StringComparison.OrdinalIgnoreCase);
            var next = truncated ? result.Text("Marker") : null;
            return truncated && string.IsNullOrEmpty(next)
                ? throw XmlReply.Malformed("iam", operation.Name, "IsTruncated is true but there is no Marker")
                : new Page<T>(items, next);
        });

    private async Task<System.Xml.Linq.XElement> CallAsync(AwsOperation operation, IEnumerable<KeyValuePair<string, string>>? parameters, CancellationToken cancellationToken)
    {
        var response = await _sender.SendAsync(operation, endpoint => AwsRequests.Query(endpoint, operation.Name, Version, parameters), cancellationToken).ConfigureAwait(false);
        return XmlReply.Load(response, "iam", operation.Name);
    }
}

/// <summary>The members of IAM <c>GetCredentialReport</c>, with <c>Content</c> decoded.</summary>
public sealed record GetCredentialReportResponse(string Content, DateTimeOffset GeneratedTime, string ReportFormat);

/// <summary>IAM <c>LoginProfile</c>: the user has a console password, created at <see cref="CreateDate"/>.</summary>
public sealed record LoginProfile(string UserName, DateTimeOffset? CreateDate, bool PasswordResetRequired);

/// <summary>One entry of IAM <c>ListMFADevices</c>.</summary>
public sealed record MfaDevice(string UserName, string SerialNumber, DateTimeOffset? EnableDate);

/// <summary>One entry of IAM <c>ListAccessKeys</c>; <see cref="Status"/> is <c>Active</c> or <c>Inactive</c>.</summary>
public sealed record AccessKeyMetadata(string UserName, string AccessKeyId, string Status, DateTimeOffset? CreateDate)
{
    public bool IsActive => string.Equals(Status, "Active", StringComparison.Ordinal);
}

/// <summary>
/// IAM <c>AccessKeyLastUsed</c>: <see cref="LastUsedDate"/> is null and <see cref="ServiceName"/> and
/// <see cref="Region"/> are <c>N/A</c> for a key never used (or last used before April 2015).
/// </summary>
public sealed record AccessKeyLastUsed(DateTimeOffset? LastUsedDate, string ServiceName, string Region);
