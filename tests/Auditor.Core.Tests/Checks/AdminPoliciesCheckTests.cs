using Auditor.Core.Checks;
using Auditor.Core.Model;
using Auditor.Core.Tests.Support;
using Auditor.Testing;
using static Auditor.Core.Tests.Support.IamAccount;
using static Auditor.Core.Tests.Support.Snapshots;

namespace Auditor.Core.Tests.Checks;

public sealed class AdminPoliciesCheckTests
{
    private readonly AdminPoliciesCheck _check = new();

    [Fact]
    public void Customer_policy_allowing_star_on_star_attached_to_a_group_fails_high_and_names_statement_and_group()
    {
        var account = new IamAccount().Policy("everything", Admin).Group("admins", attached: [Attached("everything")]);

        var result = Assert.Single(Run(_check, account.Snapshot()));

        Assert.Equal(ComplianceStatus.Failed, result.Status);
        Assert.Equal(Severity.High, result.Severity);
        Assert.Equal("AwsIamPolicy", result.Resource.Type);
        Assert.Equal(PolicyArn("everything"), result.Resource.Id);
        Assert.Equal("statement 0", result.Evidence["auditor/Statement"]);
        Assert.Equal("group/admins", result.Evidence["auditor/AttachedTo"]);
        Assert.Equal("none", result.Evidence["auditor/StatementConditions"]);
        Assert.Equal("The customer managed policy everything (version v3) allows every action on every resource (statement 0) and applies to group/admins.", result.Description);
    }

    [Theory]
    [InlineData("""{"Statement":[{"Effect":"Allow","Action":"*:*","Resource":"*"}]}""")]
    [InlineData("""{"Statement":[{"Effect":"Allow","Action":["s3:GetObject","*"],"Resource":["arn:aws:s3:::b","*"]}]}""")]
    [InlineData("""{"Statement":{"Effect":"Allow","NotAction":"iam:*","Resource":"*"}}""")]
    [InlineData("""{"Statement":[{"Sid":"ReadS3","Effect":"Allow","Action":"s3:Get*","Resource":"*"},{"Sid":"Break","Effect":"Allow","Action":"*","Resource":"*","Condition":{"Bool":{"aws:MultiFactorAuthPresent":"true"}}}]}""")]
    public void Every_form_of_every_action_on_every_resource_fails(string document)
    {
        var result = Assert.Single(Run(_check, new IamAccount().Policy("p", document).Role("ops", attached: [Attached("p")]).Snapshot()));

        Assert.Equal(ComplianceStatus.Failed, result.Status);
    }

    [Theory]
    [InlineData("""{"Statement":[{"Effect":"Allow","Action":"s3:*","Resource":"*"}]}""")]
    [InlineData("""{"Statement":[{"Effect":"Allow","Action":"*","Resource":"arn:aws:s3:::bucket/*"}]}""")]
    [InlineData("""{"Statement":[{"Effect":"Deny","Action":"*","Resource":"*"}]}""")]
    [InlineData("""{"Statement":[{"Effect":"Allow","NotAction":"iam:*","Resource":"arn:aws:s3:::bucket"}]}""")]
    [InlineData("""{"Statement":[{"Effect":"Allow","Action":"*:Get*","Resource":"*"}]}""")]
    [InlineData("""{"Statement":[]}""")]
    public void Anything_narrower_passes(string document)
    {
        var result = Assert.Single(Run(_check, new IamAccount().Policy("p", document).Role("ops", attached: [Attached("p")]).Snapshot()));

        Assert.Equal(ComplianceStatus.Passed, result.Status);
        Assert.Equal(Severity.Informational, result.Severity);
        Assert.False(result.Evidence.ContainsKey("auditor/Statement"));
    }

    [Fact]
    public void Conditions_do_not_change_the_verdict_but_are_listed_with_the_statement_sid()
    {
        const string Document = """{"Statement":[{"Sid":"BreakGlass","Effect":"Allow","Action":"*","Resource":"*","Condition":{"Bool":{"aws:MultiFactorAuthPresent":"true"},"IpAddress":{"aws:SourceIp":["10.0.0.0/8","192.168.0.0/16"]}}}]}""";

        var result = Assert.Single(Run(_check, new IamAccount().Policy("break-glass", Document).User("ops", attached: [Attached("break-glass")]).Snapshot()));

        Assert.Equal(ComplianceStatus.Failed, result.Status);
        Assert.Equal("statement 'BreakGlass'", result.Evidence["auditor/Statement"]);
        Assert.Equal("Bool aws:MultiFactorAuthPresent = true; IpAddress aws:SourceIp = 10.0.0.0/8 | 192.168.0.0/16", result.Evidence["auditor/StatementConditions"]);
    }

    [Fact]
    public void NotAction_statement_is_shown_as_every_action_but_those()
    {
        var result = Assert.Single(Run(_check, new IamAccount().Policy("p", """{"Statement":{"Effect":"Allow","NotAction":["iam:*","organizations:*"],"Resource":"*"}}""").Group("g", attached: [Attached("p")]).Snapshot()));

        Assert.Equal("every action but iam:*, organizations:* (NotAction)", result.Evidence["auditor/StatementActions"]);
    }

    [Fact]
    public void Unattached_customer_policies_are_left_out_and_attachments_are_listed_in_order()
    {
        var account = new IamAccount()
            .Policy("unused", Admin, attachmentCount: 0)
            .Policy("shared", ReadOnlyS3, attachmentCount: 3)
            .User("zoe", attached: [Attached("shared")])
            .Group("analysts", attached: [Attached("shared")])
            .Role("etl", attached: [Attached("shared")]);

        var result = Assert.Single(Run(_check, account.Snapshot()));

        Assert.Equal(PolicyArn("shared"), result.Resource.Id);
        Assert.Equal("group/analysts, role/etl, user/zoe", result.Evidence["auditor/AttachedTo"]);
    }

    [Fact]
    public void Each_inline_policy_of_users_groups_and_roles_is_its_own_finding_on_its_principal()
    {
        var account = new IamAccount()
            .User("alice", inline: [new InlinePolicy("admin", Admin), new InlinePolicy("s3", ReadOnlyS3)])
            .Group("ops", inline: [new InlinePolicy("admin", Admin)])
            .Role("deploy", inline: [new InlinePolicy("s3", ReadOnlyS3)]);

        var results = Run(_check, account.Snapshot());

        Assert.Equal(4, results.Count);
        Assert.Equal(4, results.Select(r => r.Resource.Id).Distinct().Count());
        var alice = Assert.Single(results, r => r.Resource.Id == $"arn:aws:iam::{AccountId}:user/alice#inline-policy/admin");
        Assert.Equal(ComplianceStatus.Failed, alice.Status);
        Assert.Equal("AwsIamUser", alice.Resource.Type);
        Assert.Equal("admin", alice.Resource.Details!.Other!["PolicyName"]);
        Assert.Equal($"arn:aws:iam::{AccountId}:user/alice", alice.Resource.Details.Other["PrincipalArn"]);
        Assert.Equal("The inline policy admin of user alice allows every action on every resource (statement 0) and applies to user/alice.", alice.Description);
        Assert.Equal(ComplianceStatus.Passed, Assert.Single(results, r => r.Resource.Id.EndsWith("user/alice#inline-policy/s3", StringComparison.Ordinal)).Status);
        Assert.Equal("AwsIamGroup", Assert.Single(results, r => r.Resource.Id.Contains(":group/ops#", StringComparison.Ordinal)).Resource.Type);
        Assert.Equal(ComplianceStatus.Passed, Assert.Single(results, r => r.Resource.Type == "AwsIamRole").Status);
    }

    [Fact]
    public void A_document_that_cannot_be_read_is_not_available_on_that_policy_alone_never_passed()
    {
        var account = new IamAccount()
            .Policy("broken", """{"Statement":[{"Effect":"Permit","Action":"*","Resource":"*"}]}""")
            .Policy("missing", null)
            .Policy("fine", ReadOnlyS3)
            .Group("g", attached: [Attached("broken"), Attached("missing"), Attached("fine")]);

        var results = Run(_check, account.Snapshot());

        var broken = Assert.Single(results, r => r.Resource.Id == PolicyArn("broken"));
        Assert.Equal(ComplianceStatus.NotAvailable, broken.Status);
        Assert.Equal(AdminPoliciesCheck.UnreadableDocument, broken.StatusReason!.ReasonCode);
        Assert.Contains("'Permit', not Allow or Deny", broken.StatusReason.Description, StringComparison.Ordinal);
        Assert.Equal(ComplianceStatus.NotAvailable, Assert.Single(results, r => r.Resource.Id == PolicyArn("missing")).Status);
        Assert.Equal(ComplianceStatus.Passed, Assert.Single(results, r => r.Resource.Id == PolicyArn("fine")).Status);
    }

    [Fact]
    public void Unread_authorization_details_make_one_not_available_result_on_the_account()
    {
        var snapshot = Empty().WithAuthorizationDetails(AccessDenied<AuthorizationDetails>("iam:GetAccountAuthorizationDetails"));

        var result = Assert.Single(Run(_check, snapshot));

        Assert.Equal(ComplianceStatus.NotAvailable, result.Status);
        Assert.Equal(AccountResourceId, result.Resource.Id);
        Assert.Equal("AccessDenied", result.StatusReason!.ReasonCode);
    }

    [Fact]
    public void AWS_managed_policies_listed_with_the_customer_ones_are_left_out()
    {
        var details = new IamAccount().Role("ops", attached: [AwsManaged("AdministratorAccess")]).Build();
        details = details with { Policies = [new ManagedPolicyDetail("AdministratorAccess", "arn:aws:iam::aws:policy/AdministratorAccess", "/", "v1", 1, Admin)] };

        Assert.Empty(Run(_check, Empty().WithAuthorizationDetails(Gathered<AuthorizationDetails>.Ok(details))));
    }

    [Fact]
    public void The_same_state_gives_the_same_descriptions_and_evidence()
    {
        var account = new IamAccount().Policy("everything", Admin).Group("admins", attached: [Attached("everything")]).User("u", inline: [new InlinePolicy("a", Admin)]);

        var first = Run(_check, account.Snapshot());
        var second = _check.Evaluate(account.Snapshot(), AuditSettings.Default, TestClock.Now.AddDays(1)).ToList();

        Assert.Equal(first.Select(r => r.Description), second.Select(r => r.Description));
        Assert.Equal(first.Select(r => string.Join(";", r.Evidence)), second.Select(r => string.Join(";", r.Evidence)));
    }
}
