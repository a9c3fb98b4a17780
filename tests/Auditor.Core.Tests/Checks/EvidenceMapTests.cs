using Auditor.Core.Checks;

namespace Auditor.Core.Tests.Checks;

public sealed class EvidenceMapTests
{
    [Fact]
    public void Fields_keep_the_order_they_were_first_set_in()
    {
        var evidence = new EvidenceMap { ["c"] = "3", ["a"] = "1", ["b"] = "2" };

        Assert.Equal(["c", "a", "b"], evidence.Select(e => e.Key));
        Assert.Equal(["3", "1", "2"], evidence.Values);
        Assert.Equal(3, evidence.Count);
    }

    [Fact]
    public void Setting_a_field_again_replaces_its_value_in_place_like_a_dictionary()
    {
        var evidence = new EvidenceMap { ["a"] = "1", ["b"] = "2" };
        var dictionary = new Dictionary<string, string> { ["a"] = "1", ["b"] = "2" };
        evidence["a"] = "changed";
        dictionary["a"] = "changed";

        Assert.Equal(dictionary.ToList(), evidence.ToList());
    }

    [Fact]
    public void Lookup_finds_every_field_and_only_those_ordinally()
    {
        var evidence = new EvidenceMap(capacity: 2) { ["auditor/A"] = "1", ["auditor/B"] = "2" };

        Assert.Equal("2", evidence["auditor/B"]);
        Assert.True(evidence.TryGetValue("auditor/A", out var a));
        Assert.Equal("1", a);
        Assert.True(evidence.ContainsKey("auditor/B"));
        Assert.False(evidence.ContainsKey("auditor/b"));
        Assert.False(evidence.TryGetValue("auditor/C", out _));
        Assert.Throws<KeyNotFoundException>(() => evidence["auditor/C"]);
    }

    [Fact]
    public void More_fields_than_the_capacity_are_kept()
    {
        var evidence = new EvidenceMap(capacity: 1);
        for (var i = 0; i < 20; i++)
        {
            evidence[$"k{i}"] = $"v{i}";
        }

        Assert.Equal(20, evidence.Count);
        Assert.Equal(Enumerable.Range(0, 20).Select(i => $"k{i}"), evidence.Keys);
        Assert.Equal("v19", evidence["k19"]);
    }

    [Fact]
    public void Entries_by_position_are_the_enumeration_order()
    {
        var evidence = new EvidenceMap { ["x"] = "1", ["y"] = "2" };

        Assert.Equal(evidence.ToList(), [evidence.EntryAt(0), evidence.EntryAt(1)]);
        Assert.Throws<ArgumentOutOfRangeException>(() => evidence.EntryAt(2));
        Assert.Throws<ArgumentOutOfRangeException>(() => evidence.EntryAt(-1));
    }

    [Fact]
    public void Copy_keeps_the_source_order_and_the_last_value_of_a_repeated_key()
    {
        var copy = EvidenceMap.From([new("b", "1"), new("a", "2"), new("b", "3")]);

        Assert.Equal([new KeyValuePair<string, string>("b", "3"), new("a", "2")], copy.ToList());
    }

    [Fact]
    public void Empty_has_no_fields()
    {
        Assert.Empty(EvidenceMap.Empty);
        Assert.False(EvidenceMap.Empty.ContainsKey("a"));
    }
}
