using Auditor.Core.Checks;
using Auditor.Core.Model;
using Auditor.Core.Tests.Support;
using Auditor.Testing;
using static Auditor.Core.Tests.Support.IamAccount;
using static Auditor.Core.Tests.Support.Snapshots;

namespace Auditor.Core.Tests.Checks;

public sealed class RoleExternalTrustCheckTests
{
    private const string Vendor = """{"Version":"2012-10-17","Statement":[{"Sid":"Vendor","Effect":"Allow","Principal":{"AWS":"arn:aws:iam::444455556666:root"},"Action":"sts:AssumeRole"}]}""";
    private const string GitHubAnyRepo = """{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"Federated":"arn:aws:iam::123456789012:oidc-provider/token.actions.githubusercontent.com"},"Action":"sts:AssumeRoleWithWebIdentity","Condition":{"StringEquals":{"token.actions.githubusercontent.com:aud":"sts.amazonaws.com"}}}]}""";
    private const string Anyone = """{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"AWS":"*"},"Action":"sts:AssumeRole"}]}""";

    private readonly RoleExternalTrustCheck _check = new();

    [Fact]
    public void A_role_for_a_service_passes_and_is_the_role_resource()
    {
        var result = Assert.Single(Run(_check, new IamAccount().Role("lambda-runner").Snapshot()));

        Assert.Equal(ComplianceStatus.Passed, result.Status);
        Assert.Equal("AwsIamRole", result.Resource.Type);
        Assert.Equal(RoleArn("lambda-runner"), result.Resource.Id);
        Assert.Equal("lambda-runner", result.Resource.Details!.Other!["RoleName"]);
    }

    [Fact]
    public void The_severity_is_that_of_the_case()
    {
        var results = Run(_check, new IamAccount().Role("vendor", Vendor).Role("ci", GitHubAnyRepo).Role("open", Anyone).Snapshot());

        Assert.Equal(Severity.Medium, ForRole(results, "vendor").Severity);
        Assert.Equal(Severity.High, ForRole(results, "ci").Severity);
        Assert.Equal(Severity.Critical, ForRole(results, "open").Severity);
        Assert.All(results, r => Assert.Equal(ComplianceStatus.Failed, r.Status));
    }

    [Fact]
    public void The_finding_says_which_statement_let_whom_in_and_what_guard_is_missing()
    {
        var result = Assert.Single(Run(_check, new IamAccount().Role("vendor", Vendor).Snapshot()));

        Assert.Equal(
            "Role vendor can be assumed from outside without a guard: statement 'Vendor' lets in arn:aws:iam::444455556666:root (account 444455556666, not a trusted account) with no sts:ExternalId condition.",
            result.Description);
        Assert.Equal("MEDIUM", result.Evidence["auditor/WorstExposure"]);
    }

    [Fact]
    public void Several_ways_in_take_the_worst_severity_and_list_them_all()
    {
        const string Both = """{"Statement":[{"Effect":"Allow","Principal":{"AWS":"444455556666"},"Action":"sts:AssumeRole"},{"Effect":"Allow","Principal":"*","Action":"sts:AssumeRole"}]}""";

        var result = Assert.Single(Run(_check, new IamAccount().Role("both", Both).Snapshot()));

        Assert.Equal(Severity.Critical, result.Severity);
        Assert.Equal(2, result.Evidence["auditor/Exposures"].Split("; ").Length);
    }

    [Fact]
    public void Accounts_in_TRUSTED_ACCOUNTS_are_trusted()
    {
        var settings = AuditSettings.Default with { TrustedAccounts = new HashSet<string> { "444455556666" } };

        var result = Assert.Single(Run(_check, new IamAccount().Role("vendor", Vendor).Snapshot(), settings));

        Assert.Equal(ComplianceStatus.Passed, result.Status);
    }

    [Fact]
    public void Service_linked_roles_are_left_out()
    {
        var results = Run(_check, new IamAccount().Role("AWSServiceRoleForSupport", Anyone, path: "/aws-service-role/support.amazonaws.com/").Role("app").Snapshot());

        Assert.Equal([RoleArn("app")], results.Select(r => r.Resource.Id));
    }

    [Fact]
    public void A_trust_policy_that_cannot_be_read_is_not_available_on_that_role_never_passed()
    {
        var results = Run(_check, new IamAccount().Role("odd", """{"Statement":[{"Effect":"Allow","Principal":"arn:aws:iam::444455556666:root","Action":"sts:AssumeRole"}]}""").Role("app").Snapshot());

        var odd = ForRole(results, "odd");
        Assert.Equal(ComplianceStatus.NotAvailable, odd.Status);
        Assert.Equal(RoleExternalTrustCheck.UnreadableDocument, odd.StatusReason!.ReasonCode);
        Assert.Contains("Statement[0].Principal", odd.StatusReason.Description, StringComparison.Ordinal);
        Assert.Equal(ComplianceStatus.Passed, ForRole(results, "app").Status);
    }

    [Fact]
    public void Unread_authorization_details_are_not_available()
    {
        var result = Assert.Single(Run(_check, Empty().WithAuthorizationDetails(AccessDenied<AuthorizationDetails>("iam:GetAccountAuthorizationDetails"))));

        Assert.Equal(ComplianceStatus.NotAvailable, result.Status);
        Assert.Equal(AccountResourceId, result.Resource.Id);
    }

    private static CheckResult ForRole(IEnumerable<CheckResult> results, string name) => Assert.Single(results, r => r.Resource.Id == RoleArn(name));
}
