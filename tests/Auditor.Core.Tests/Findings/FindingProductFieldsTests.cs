using Auditor.Core.Checks;
using Auditor.Core.Findings;

namespace Auditor.Core.Tests.Findings;

public sealed class FindingProductFieldsTests
{
    private static readonly KeyValuePair<string, string>[] Header =
    [
        new(EvidenceFields.ProviderName, "Auditor"),
        new(EvidenceFields.CheckId, "iam.user-mfa"),
        new(EvidenceFields.Region, "global"),
        new(EvidenceFields.SecurityHubControlId, "IAM.5"),
    ];

    [Fact]
    public void Auditors_fields_come_first_then_the_evidence_in_its_order()
    {
        var fields = new FindingProductFields("iam.user-mfa", "global", "IAM.5", new EvidenceMap { ["auditor/B"] = "2", ["auditor/A"] = "1" });

        Assert.Equal([.. Header, new("auditor/B", "2"), new("auditor/A", "1")], fields.ToList());
        Assert.Equal(6, fields.Count);
    }

    [Fact]
    public void A_check_without_a_control_has_no_control_field()
    {
        var fields = new FindingProductFields("iam.single-active-key", "global", null, new EvidenceMap { ["auditor/ActiveAccessKeys"] = "2" });

        Assert.Equal(["ProviderName", EvidenceFields.CheckId, EvidenceFields.Region, "auditor/ActiveAccessKeys"], fields.Keys);
        Assert.False(fields.ContainsKey(EvidenceFields.SecurityHubControlId));
    }

    [Fact]
    public void Without_a_control_the_evidence_may_write_the_control_field()
    {
        var fields = new FindingProductFields("c", "global", null, new EvidenceMap { [EvidenceFields.SecurityHubControlId] = "mine" });

        Assert.Equal("mine", fields[EvidenceFields.SecurityHubControlId]);
        Assert.Equal(4, fields.Count);
    }

    [Fact]
    public void Lookup_finds_auditors_fields_and_the_evidence()
    {
        var fields = new FindingProductFields("iam.user-mfa", "eu-west-1", "IAM.5", new EvidenceMap { ["auditor/MfaActive"] = "false" });

        Assert.Equal("Auditor", fields[EvidenceFields.ProviderName]);
        Assert.Equal("eu-west-1", fields[EvidenceFields.Region]);
        Assert.Equal("IAM.5", fields[EvidenceFields.SecurityHubControlId]);
        Assert.Equal("false", fields["auditor/MfaActive"]);
        Assert.False(fields.TryGetValue("auditor/Other", out _));
        Assert.Throws<KeyNotFoundException>(() => fields["auditor/Other"]);
    }

    [Fact]
    public void Evidence_cannot_overwrite_auditors_fields()
    {
        var fields = new FindingProductFields("iam.user-mfa", "global", "IAM.5", new EvidenceMap
        {
            [EvidenceFields.Region] = "us-west-2",
            ["auditor/Kept"] = "yes",
            [EvidenceFields.ProviderName] = "Someone",
            [EvidenceFields.SecurityHubControlId] = "X.1",
        });

        Assert.Equal([.. Header, new("auditor/Kept", "yes")], fields.ToList());
    }

    [Fact]
    public void Security_hubs_aws_fields_are_skipped()
    {
        var fields = new FindingProductFields("c", "global", null, new EvidenceMap { ["aws/securityhub/FindingId"] = "spoof", ["auditor/Note"] = "kept", ["aws/x"] = "y" });

        Assert.Equal(["auditor/Note"], fields.Keys.Skip(3));
    }

    [Fact]
    public void Long_keys_and_values_are_cut_with_an_ellipsis()
    {
        var key = "auditor/" + new string('k', 200);
        var fields = new FindingProductFields("c", "global", null, new EvidenceMap { [key] = new string('v', 3000) });

        var (cutKey, cutValue) = fields.EntryAt(3);
        Assert.Equal(string.Concat(key.AsSpan(0, 127), "…"), cutKey);
        Assert.Equal(new string('v', 2047) + "…", cutValue);
        Assert.Equal(cutValue, fields[cutKey]);
    }

    [Fact]
    public void Keys_equal_once_cut_keep_the_first()
    {
        var common = "auditor/" + new string('k', 150);
        var fields = new FindingProductFields("c", "global", null, new EvidenceMap { [common + "1"] = "first", [common + "2"] = "second", ["auditor/Z"] = "z" });

        Assert.Equal(5, fields.Count);
        Assert.Equal("first", fields.EntryAt(3).Value);
        Assert.Equal(new KeyValuePair<string, string>("auditor/Z", "z"), fields.EntryAt(4));
    }

    [Theory]
    [InlineData(null, 47)]
    [InlineData("IAM.5", 46)]
    public void There_are_at_most_fifty_fields(string? control, int evidenceKept)
    {
        var evidence = new EvidenceMap();
        for (var i = 0; i < 80; i++)
        {
            evidence[$"auditor/{i:D2}"] = "v";
        }

        var fields = new FindingProductFields("c", "global", control, evidence);

        Assert.Equal(50, fields.Count);
        Assert.Equal(Enumerable.Range(0, evidenceKept).Select(i => $"auditor/{i:D2}"), fields.Keys.Skip(50 - evidenceKept));
    }

    [Fact]
    public void Skipped_aws_fields_do_not_count_towards_the_fifty()
    {
        var evidence = new EvidenceMap();
        for (var i = 0; i < 10; i++)
        {
            evidence[$"aws/{i}"] = "skipped";
        }

        for (var i = 0; i < 47; i++)
        {
            evidence[$"auditor/{i:D2}"] = "v";
        }

        var fields = new FindingProductFields("c", "global", null, evidence);

        Assert.Equal(50, fields.Count);
        Assert.Equal("auditor/46", fields.Keys.Last());
    }

    [Fact]
    public void Any_dictionary_is_read_in_its_enumeration_order()
    {
        var evidence = new Dictionary<string, string> { ["auditor/B"] = "2", ["aws/x"] = "skipped", ["auditor/A"] = "1" };

        var fields = new FindingProductFields("c", "global", null, evidence);

        Assert.Equal(["auditor/B", "auditor/A"], fields.Keys.Skip(3));
    }

    [Fact]
    public void Entries_by_position_enumeration_and_lookup_agree()
    {
        var fields = new FindingProductFields("iam.user-mfa", "global", "IAM.5", new EvidenceMap { ["auditor/A"] = "1", ["auditor/B"] = "2" });

        var byPosition = Enumerable.Range(0, fields.Count).Select(fields.EntryAt).ToList();
        Assert.Equal(fields.ToList(), byPosition);
        Assert.All(byPosition, e => Assert.Equal(e.Value, fields[e.Key]));
        Assert.Throws<ArgumentOutOfRangeException>(() => fields.EntryAt(-1));
        Assert.Throws<ArgumentOutOfRangeException>(() => fields.EntryAt(fields.Count));
    }

    /// <summary>The rules as a Dictionary applied them before the view: the view must give the same fields in the same order.</summary>
    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    [InlineData(4)]
    [InlineData(5)]
    public void Same_fields_in_the_same_order_as_a_dictionary_built_by_the_rules(int seed)
    {
        var random = new Random(seed);
        string[] keys = ["aws/securityhub/X", EvidenceFields.Region, EvidenceFields.CheckId, EvidenceFields.SecurityHubControlId, "auditor/" + new string('k', 130) + "a", "auditor/" + new string('k', 130) + "b"];
        var evidence = new EvidenceMap();
        for (var i = 0; i < random.Next(0, 70); i++)
        {
            var key = random.Next(4) == 0 ? keys[random.Next(keys.Length)] : $"auditor/F{random.Next(60)}";
            evidence[key] = new string('v', random.Next(4) == 0 ? 2100 : 5);
        }

        foreach (var control in new[] { null, "IAM.5" })
        {
            var expected = new Dictionary<string, string> { [EvidenceFields.ProviderName] = "Auditor", [EvidenceFields.CheckId] = "c", [EvidenceFields.Region] = "global" };
            if (control is not null)
            {
                expected[EvidenceFields.SecurityHubControlId] = control;
            }

            foreach (var (key, value) in evidence)
            {
                if (expected.Count >= 50)
                {
                    break;
                }

                if (!key.StartsWith("aws/", StringComparison.Ordinal))
                {
                    expected.TryAdd(Cut(key, 128), Cut(value, 2048));
                }
            }

            Assert.Equal(expected.ToList(), new FindingProductFields("c", "global", control, evidence).ToList());
        }

        static string Cut(string value, int max) => value.Length <= max ? value : string.Concat(value.AsSpan(0, max - 1), "…");
    }
}
