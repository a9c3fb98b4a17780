using Auditor.Core.Model;
using Auditor.Core.Policies;

namespace Auditor.Core.Tests.Policies;

public sealed class TrustPolicyExposuresTests
{
    private const string Own = "123456789012";
    private const string Partner = "444455556666";
    private const string GitHubArn = "arn:aws:iam::123456789012:oidc-provider/token.actions.githubusercontent.com";

    [Theory]
    [InlineData("\"*\"")]
    [InlineData("""{"AWS":"*"}""")]
    [InlineData("""{"AWS":["arn:aws:iam::123456789012:root","*"]}""")]
    public void Anyone_without_a_guard_is_critical(string principal)
    {
        var exposure = Assert.Single(Find($$"""{"Statement":[{"Effect":"Allow","Principal":{{principal}},"Action":"sts:AssumeRole"}]}"""));

        Assert.Equal(Severity.Critical, exposure.Severity);
        Assert.Equal("anyone (Principal *)", exposure.Principal);
        Assert.Equal("no condition on aws:PrincipalOrgID, aws:PrincipalAccount, aws:SourceAccount, aws:SourceArn or sts:ExternalId", exposure.MissingGuard);
        Assert.Equal("statement 0", exposure.Statement);
    }

    [Theory]
    [InlineData("StringEquals", "aws:PrincipalOrgID", "o-a1b2c3d4e5")]
    [InlineData("StringEquals", "AWS:PrincipalAccount", Partner)]
    [InlineData("StringEquals", "aws:SourceAccount", Partner)]
    [InlineData("ArnLike", "aws:SourceArn", "arn:aws:sns:us-east-1:444455556666:topic")]
    [InlineData("StringEquals", "sts:ExternalId", "k3y")]
    [InlineData("ForAnyValue:StringLike", "aws:PrincipalOrgID", "o-a1b2*")]
    public void Anyone_guarded_by_a_condition_on_a_guard_key_passes(string op, string key, string value) =>
        Assert.Empty(Find(AnyoneWhen(op, key, value)));

    [Theory]
    [InlineData("StringEqualsIfExists", "aws:PrincipalOrgID", "o-a1b2c3d4e5")]
    [InlineData("StringNotEquals", "aws:PrincipalOrgID", "o-a1b2c3d4e5")]
    [InlineData("StringLike", "aws:PrincipalOrgID", "*")]
    // ForAllValues is true for a request without the key at all.
    [InlineData("ForAllValues:StringEquals", "aws:PrincipalOrgID", "o-a1b2c3d4e5")]
    [InlineData("Bool", "aws:SecureTransport", "true")]
    public void Anyone_with_a_condition_that_does_not_pin_a_guard_key_is_still_critical(string op, string key, string value) =>
        Assert.Equal(Severity.Critical, Assert.Single(Find(AnyoneWhen(op, key, value))).Severity);

    [Fact]
    public void NotPrincipal_with_Allow_lets_everyone_else_in()
    {
        var exposure = Assert.Single(Find("""{"Statement":[{"Effect":"Allow","NotPrincipal":{"AWS":"arn:aws:iam::123456789012:root"},"Action":"sts:AssumeRole"}]}"""));

        Assert.Equal(Severity.Critical, exposure.Severity);
        Assert.Contains("NotPrincipal", exposure.Principal, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("""{"StringEquals":{"token.actions.githubusercontent.com:aud":"sts.amazonaws.com"}}""")]
    [InlineData("""{"StringLike":{"token.actions.githubusercontent.com:sub":"*"}}""")]
    [InlineData("""{"StringLike":{"token.actions.githubusercontent.com:sub":"repo:*"}}""")]
    [InlineData("""{"StringLike":{"token.actions.githubusercontent.com:sub":"repo:*/app:*"}}""")]
    [InlineData("""{"StringLike":{"token.actions.githubusercontent.com:sub":["repo:my-org/app:*","repo:*"]}}""")]
    [InlineData("""{"StringLike":{"token.actions.githubusercontent.com:sub":"repo:my-org*/app:*"}}""")]
    [InlineData("""{"StringLikeIfExists":{"token.actions.githubusercontent.com:sub":"repo:my-org/app:*"}}""")]
    [InlineData("""{"StringNotLike":{"token.actions.githubusercontent.com:sub":"repo:evil/*"}}""")]
    public void GitHub_role_without_a_sub_that_fixes_the_owner_is_high(string? condition)
    {
        var exposure = Assert.Single(Find(WebIdentity(GitHubArn, condition)));

        Assert.Equal(Severity.High, exposure.Severity);
        Assert.Equal($"web identities of {GitHubArn}", exposure.Principal);
        Assert.Contains("token.actions.githubusercontent.com:sub", exposure.MissingGuard, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("""{"StringLike":{"token.actions.githubusercontent.com:sub":"repo:my-org/*"}}""")]
    [InlineData("""{"StringLike":{"token.actions.githubusercontent.com:sub":["repo:my-org/app:ref:refs/heads/main","repo:my-org/infra:environment:prod"]}}""")]
    [InlineData("""{"StringEquals":{"token.actions.githubusercontent.com:sub":"repo:my-org/app:ref:refs/heads/main"}}""")]
    [InlineData("""{"ForAnyValue:StringLike":{"token.actions.githubusercontent.com:sub":"repo:my-org/app:*"}}""")]
    // StringEquals reads '*' literally: only a sub of exactly "repo:*" matches, which GitHub never issues.
    [InlineData("""{"StringEquals":{"token.actions.githubusercontent.com:sub":"repo:*"}}""")]
    // Two conditions on the key must both hold: the pinned one is enough.
    [InlineData("""{"StringLike":{"token.actions.githubusercontent.com:sub":"repo:*"},"StringEquals":{"token.actions.githubusercontent.com:sub":"repo:my-org/app:pull_request"}}""")]
    public void GitHub_role_with_a_sub_that_fixes_the_owner_passes(string condition) =>
        Assert.Empty(Find(WebIdentity(GitHubArn, condition)));

    [Fact]
    public void GitHub_provider_named_without_an_ARN_is_read_the_same()
    {
        Assert.Single(Find(WebIdentity("token.actions.githubusercontent.com", null)));
        Assert.Empty(Find(WebIdentity("token.actions.githubusercontent.com", """{"StringLike":{"token.actions.githubusercontent.com:sub":"repo:my-org/*"}}""")));
    }

    [Theory]
    [InlineData(null, true)]
    [InlineData("""{"StringEquals":{"cognito-identity.amazonaws.com:aud":"us-east-1:12345678-1234-1234-1234-123456789012"}}""", false)]
    [InlineData("""{"StringLike":{"cognito-identity.amazonaws.com:aud":"us-east-1:*"}}""", true)]
    [InlineData("""{"ForAnyValue:StringLike":{"cognito-identity.amazonaws.com:amr":"authenticated"}}""", true)]
    public void Cognito_role_needs_an_aud_condition_naming_a_pool(string? condition, bool exposed) =>
        Assert.Equal(exposed, Find(WebIdentity("cognito-identity.amazonaws.com", condition)).Count == 1);

    [Theory]
    [InlineData(null, true)]
    [InlineData("""{"StringEquals":{"oidc.eks.us-east-1.amazonaws.com/id/ABC:sub":"system:serviceaccount:ns:app"}}""", false)]
    [InlineData("""{"StringEquals":{"oidc.eks.us-east-1.amazonaws.com/id/ABC:aud":"sts.amazonaws.com"}}""", false)]
    [InlineData("""{"StringEquals":{"oidc.eks.us-east-1.amazonaws.com/id/OTHER:sub":"system:serviceaccount:ns:app"}}""", true)]
    public void Other_OIDC_provider_needs_a_sub_or_aud_condition(string? condition, bool exposed) =>
        Assert.Equal(exposed, Find(WebIdentity("arn:aws:iam::123456789012:oidc-provider/oidc.eks.us-east-1.amazonaws.com/id/ABC", condition)).Count == 1);

    [Fact]
    public void Saml_federation_services_and_the_own_account_pass()
    {
        Assert.Empty(Find("""
            {"Statement":[
              {"Effect":"Allow","Principal":{"Federated":"arn:aws:iam::123456789012:saml-provider/Okta"},"Action":"sts:AssumeRoleWithSAML","Condition":{"StringEquals":{"SAML:aud":"https://signin.aws.amazon.com/saml"}}},
              {"Effect":"Allow","Principal":{"Service":["lambda.amazonaws.com","ec2.amazonaws.com"]},"Action":"sts:AssumeRole"},
              {"Effect":"Allow","Principal":{"AWS":["arn:aws:iam::123456789012:root","123456789012","arn:aws:iam::123456789012:role/ci"]},"Action":["sts:AssumeRole","sts:TagSession"]}]}
            """));
    }

    [Theory]
    [InlineData("arn:aws:iam::444455556666:root")]
    [InlineData("arn:aws:iam::444455556666:role/vendor")]
    [InlineData("arn:aws:iam::444455556666:user/bob")]
    [InlineData("arn:aws:sts::444455556666:assumed-role/vendor/session")]
    [InlineData("444455556666")]
    public void Another_account_without_an_external_id_is_medium(string principal)
    {
        var exposure = Assert.Single(Find($$$"""{"Statement":{"Effect":"Allow","Principal":{"AWS":"{{{principal}}}"},"Action":"sts:AssumeRole"}}"""));

        Assert.Equal(Severity.Medium, exposure.Severity);
        Assert.Equal($"{principal} (account {Partner}, not a trusted account)", exposure.Principal);
        Assert.Equal("no sts:ExternalId condition", exposure.MissingGuard);
    }

    [Fact]
    public void Another_account_with_an_external_id_or_trusted_passes()
    {
        const string Trust = """{"Statement":{"Effect":"Allow","Principal":{"AWS":"arn:aws:iam::444455556666:root"},"Action":"sts:AssumeRole"}}""";

        Assert.Empty(Find("""{"Statement":{"Effect":"Allow","Principal":{"AWS":"arn:aws:iam::444455556666:root"},"Action":"sts:AssumeRole","Condition":{"StringEquals":{"sts:ExternalId":"vendor-7f3a"}}}}"""));
        Assert.Empty(TrustPolicyExposures.Find(PolicyDocument.Parse(Trust), a => a is Own or Partner));
    }

    [Fact]
    public void Deny_statements_and_statements_that_do_not_allow_assuming_the_role_let_no_one_in()
    {
        Assert.Empty(Find("""
            {"Statement":[
              {"Effect":"Deny","Principal":"*","Action":"sts:AssumeRole"},
              {"Effect":"Allow","Principal":{"AWS":"arn:aws:iam::444455556666:root"},"Action":"sts:TagSession"}]}
            """));
    }

    [Fact]
    public void A_deleted_principal_shown_as_its_unique_id_names_no_account()
    {
        Assert.Null(TrustPolicyExposures.AccountOf("AROA1234567890EXAMPLE"));
        Assert.Empty(Find("""{"Statement":{"Effect":"Allow","Principal":{"AWS":"AROA1234567890EXAMPLE"},"Action":"sts:AssumeRole"}}"""));
    }

    [Fact]
    public void Every_exposure_of_every_statement_is_reported_in_order()
    {
        var exposures = Find($$"""
            {"Statement":[
              {"Sid":"Vendor","Effect":"Allow","Principal":{"AWS":["arn:aws:iam::444455556666:root","arn:aws:iam::777788889999:root"]},"Action":"sts:AssumeRole"},
              {"Sid":"Ci","Effect":"Allow","Principal":{"Federated":"{{GitHubArn}}"},"Action":"sts:AssumeRoleWithWebIdentity"}]}
            """);

        Assert.Equal(["statement 'Vendor'", "statement 'Vendor'", "statement 'Ci'"], exposures.Select(e => e.Statement));
        Assert.Equal([Severity.Medium, Severity.Medium, Severity.High], exposures.Select(e => e.Severity));
    }

    private static string WebIdentity(string federated, string? condition) =>
        $$"""{"Statement":[{"Effect":"Allow","Principal":{"Federated":"{{federated}}"},"Action":"sts:AssumeRoleWithWebIdentity"{{(condition is null ? string.Empty : ",\"Condition\":" + condition)}}}]}""";

    private static string AnyoneWhen(string op, string key, string value) =>
        "{\"Statement\":[{\"Effect\":\"Allow\",\"Principal\":\"*\",\"Action\":\"sts:AssumeRole\",\"Condition\":{\"" + op + "\":{\"" + key + "\":\"" + value + "\"}}}]}";

    private static IReadOnlyList<TrustExposure> Find(string json) =>
        TrustPolicyExposures.Find(PolicyDocument.Parse(json), account => account == Own);
}
