using Auditor.Core.Policies;

namespace Auditor.Core.Tests.Policies;

public sealed class PolicyDocumentParserTests
{
    [Fact]
    public void A_single_statement_object_and_scalar_elements_read_as_lists_of_one()
    {
        var document = PolicyDocument.Parse("""{"Version":"2012-10-17","Statement":{"Sid":"All","Effect":"Allow","Action":"s3:GetObject","Resource":"arn:aws:s3:::b/*"}}""");

        var statement = Assert.Single(document.Statements);
        Assert.Equal("All", statement.Sid);
        Assert.True(statement.IsAllow);
        Assert.Equal(["s3:GetObject"], statement.Action);
        Assert.Null(statement.NotAction);
        Assert.Equal(["arn:aws:s3:::b/*"], statement.Resource);
        Assert.Equal("statement 'All'", statement.Name);
    }

    [Fact]
    public void Statements_of_an_array_keep_their_order_and_are_named_by_position_without_a_Sid()
    {
        var document = PolicyDocument.Parse("""{"Statement":[{"Effect":"Deny","NotAction":["iam:*","sts:*"],"NotResource":"*"},{"Effect":"Allow","Action":[],"Resource":[]}]}""");

        Assert.Equal([0, 1], document.Statements.Select(s => s.Index));
        Assert.False(document.Statements[0].IsAllow);
        Assert.Equal(["iam:*", "sts:*"], document.Statements[0].NotAction);
        Assert.Equal(["*"], document.Statements[0].NotResource);
        Assert.Equal("statement 1", document.Statements[1].Name);
    }

    [Fact]
    public void Principal_star_and_an_object_of_each_kind_string_or_list()
    {
        var document = PolicyDocument.Parse("""
            {"Statement":[
              {"Effect":"Allow","Principal":"*","Action":"sts:AssumeRole"},
              {"Effect":"Allow","Principal":{"AWS":["arn:aws:iam::111122223333:root","444455556666"],"Service":"ec2.amazonaws.com","Federated":"cognito-identity.amazonaws.com","CanonicalUser":"79a59df900b949e55d96a1e698fbacedfd6e09d98eacf8f8d5218e7cd47ef2be"},"Action":"sts:AssumeRole"},
              {"Effect":"Allow","Principal":{"AWS":"*"},"Action":"sts:AssumeRole"}]}
            """);

        Assert.True(document.Statements[0].Principal!.IsEveryone);
        var principal = document.Statements[1].Principal!;
        Assert.False(principal.IsEveryone);
        Assert.Equal(["arn:aws:iam::111122223333:root", "444455556666"], principal.Aws);
        Assert.Equal(["ec2.amazonaws.com"], principal.Service);
        Assert.Equal(["cognito-identity.amazonaws.com"], principal.Federated);
        Assert.Single(principal.CanonicalUser);
        Assert.True(document.Statements[2].Principal!.IsEveryone);
    }

    [Fact]
    public void Conditions_keep_operator_qualifiers_and_IfExists_and_read_booleans_and_numbers_as_text()
    {
        var document = PolicyDocument.Parse("""
            {"Statement":{"Effect":"Allow","Action":"*","Resource":"*","Condition":{
              "ForAnyValue:StringLike":{"token.actions.githubusercontent.com:sub":["repo:org/a:*","repo:org/b:*"]},
              "StringEqualsIfExists":{"aws:PrincipalOrgID":"o-abc"},
              "Bool":{"aws:MultiFactorAuthPresent":true},
              "NumericLessThan":{"aws:MultiFactorAuthAge":3600}}}}
            """);

        var conditions = document.Statements[0].Conditions;
        Assert.Equal(4, conditions.Count);
        var sub = conditions[0];
        Assert.Equal("ForAnyValue", sub.SetQualifier);
        Assert.Equal("StringLike", sub.BaseOperator);
        Assert.False(sub.IfExists);
        Assert.True(sub.Restricts);
        Assert.Equal(["repo:org/a:*", "repo:org/b:*"], sub.Values);
        var org = conditions[1];
        Assert.True(org.IfExists);
        Assert.Equal("StringEquals", org.BaseOperator);
        Assert.False(org.Restricts);
        Assert.Equal(["true"], conditions[2].Values);
        Assert.Equal(["3600"], conditions[3].Values);
        Assert.Single(document.Statements[0].ConditionsOn("AWS:principalorgid"));
    }

    [Theory]
    [InlineData("not json", "not JSON")]
    [InlineData("[]", "not an object")]
    [InlineData("""{"Version":"2012-10-17"}""", "no Statement")]
    [InlineData("""{"Statement":"Allow"}""", "Statement is a JSON string")]
    [InlineData("""{"Statement":[{"Action":"*","Resource":"*"}]}""", "Statement[0] has no Effect")]
    [InlineData("""{"Statement":[{"Effect":"allow","Action":"*"}]}""", "'allow', not Allow or Deny")]
    [InlineData("""{"Statement":[{"Effect":"Allow","Resource":"*"}]}""", "neither Action nor NotAction")]
    [InlineData("""{"Statement":[{"Effect":"Allow","Action":"*","NotAction":"iam:*"}]}""", "both Action and NotAction")]
    [InlineData("""{"Statement":[{"Effect":"Allow","Action":{"s3":"*"}}]}""", "Statement[0].Action is a JSON object")]
    [InlineData("""{"Statement":[{"Effect":"Allow","Action":["s3:*",7]}]}""", "Statement[0].Action holds a JSON number")]
    [InlineData("""{"Statement":[{"Effect":"Allow","Principal":"arn:aws:iam::111122223333:root","Action":"sts:AssumeRole"}]}""", "not \"*\" or an object")]
    [InlineData("""{"Statement":[{"Effect":"Allow","Principal":{"Users":"x"},"Action":"sts:AssumeRole"}]}""", "Principal.Users is not a kind of principal")]
    [InlineData("""{"Statement":[{"Effect":"Allow","Action":"*","Condition":{"StringLike":"x"}}]}""", "Condition.StringLike is not an object")]
    [InlineData("""{"Statement":[{"Effect":"Allow","Action":"*","Condition":{"StringLike":{"k":{"a":1}}}}]}""", "holds a JSON object")]
    [InlineData("""{"Statement":[{"Effect":"Allow","Action":"*","Resources":"*"}]}""", "Statement[0].Resources is not an element")]
    public void A_document_outside_the_grammar_is_an_error_naming_where(string json, string expected)
    {
        var error = Assert.Throws<PolicyDocumentFormatException>(() => PolicyDocument.Parse(json));

        Assert.Contains(expected, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void URL_encoded_and_plain_documents_decode_to_the_same_text()
    {
        const string Plain = """{"Statement":{"Effect":"Allow","Action":"s3:*","Resource":"arn:aws:s3:::100%-bucket/*"}}""";

        Assert.Equal(Plain, PolicyDocumentText.Decode(Uri.EscapeDataString(Plain)));
        // A '%' inside a plain document is not an escape.
        Assert.Equal(Plain, PolicyDocumentText.Decode(Plain));
        Assert.Equal("  {}", PolicyDocumentText.Decode("  {}"));
    }
}
