using Auditor.Function.Configuration;

namespace Auditor.Function.Tests.Configuration;

/// <summary>The dispatch function's and the worker's settings from the environment variables template.yaml sets.</summary>
public sealed class OrganizationConfigurationTests
{
    private static Func<string, string?> Vars(params (string Name, string Value)[] values) =>
        name => values.FirstOrDefault(v => v.Name == name).Value;

    [Fact]
    public void The_dispatcher_needs_only_its_queue_and_excludes_nothing_by_default()
    {
        var options = OrganizationConfiguration.LoadDispatcher(Vars(("AUDIT_QUEUE_URL", "https://sqs.us-east-1.amazonaws.com/123456789012/q")));

        Assert.Equal("https://sqs.us-east-1.amazonaws.com/123456789012/q", options.QueueUrl);
        Assert.Empty(options.ExcludedAccounts);
    }

    [Theory]
    [InlineData("AUDIT_EXCLUDE_ACCOUNTS", "123456789012,12345")]
    [InlineData("AUDIT_EXCLUDE_ACCOUNTS", "١٢٣٤٥٦٧٨٩٠١٢")]
    [InlineData("AUDIT_EXCLUDE_ACCOUNTS", "123456789012;210987654321")]
    [InlineData("AUDIT_QUEUE_URL", "not a url")]
    [InlineData("AUDIT_QUEUE_URL", "ftp://example.com/q")]
    public void An_unusable_value_names_its_variable(string variable, string value)
    {
        var values = new Dictionary<string, string> { ["AUDIT_QUEUE_URL"] = "https://sqs.us-east-1.amazonaws.com/123456789012/q", [variable] = value };

        var error = Assert.Throws<ConfigurationException>(() => OrganizationConfiguration.LoadDispatcher(name => values.GetValueOrDefault(name)));

        Assert.Equal(variable, error.Variable);
    }

    [Fact]
    public void The_dispatcher_needs_the_queue()
    {
        var error = Assert.Throws<ConfigurationException>(() => OrganizationConfiguration.LoadDispatcher(Vars(("AUDIT_EXCLUDE_ACCOUNTS", "123456789012"))));

        Assert.Equal("AUDIT_QUEUE_URL", error.Variable);
    }

    [Fact]
    public void Excluded_accounts_are_a_comma_separated_list_with_spaces_tolerated()
    {
        var options = OrganizationConfiguration.LoadDispatcher(Vars(("AUDIT_QUEUE_URL", "https://sqs.us-east-1.amazonaws.com/123456789012/q"), ("AUDIT_EXCLUDE_ACCOUNTS", " 123456789012, 210987654321,,")));

        Assert.Equal(new HashSet<string> { "123456789012", "210987654321" }, options.ExcludedAccounts);
    }

    [Fact]
    public void The_worker_defaults_to_the_member_templates_role_name_and_needs_the_external_id()
    {
        var options = OrganizationConfiguration.LoadWorker(Vars(("AUDIT_EXTERNAL_ID", "auditor-x1")));
        Assert.Equal("AuditorMemberRole", options.RoleName);
        Assert.Equal("auditor-x1", options.ExternalId);

        Assert.Equal("AUDIT_EXTERNAL_ID", Assert.Throws<ConfigurationException>(() => OrganizationConfiguration.LoadWorker(_ => null)).Variable);
        Assert.Equal("AUDIT_EXTERNAL_ID", Assert.Throws<ConfigurationException>(() => OrganizationConfiguration.LoadWorker(Vars(("AUDIT_EXTERNAL_ID", "x")))).Variable);
        Assert.Equal("AUDIT_ROLE_NAME", Assert.Throws<ConfigurationException>(() => OrganizationConfiguration.LoadWorker(Vars(("AUDIT_EXTERNAL_ID", "ok-id"), ("AUDIT_ROLE_NAME", "path/Role")))).Variable);
    }
}
