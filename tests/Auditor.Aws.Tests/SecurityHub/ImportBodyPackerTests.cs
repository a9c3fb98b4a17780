using System.Text;
using System.Text.Json;
using Auditor.Aws.SecurityHub;
using Auditor.Aws.Tests.Support;
using Auditor.Core.Findings;

namespace Auditor.Aws.Tests.SecurityHub;

/// <summary>
/// The BatchImportFindings bodies: every finding exactly once, in order, as its ASFF JSON, at most 100 a body and
/// never over the size limit unless a single finding alone is.
/// </summary>
public sealed class ImportBodyPackerTests
{
    [Fact]
    public void Findings_go_out_in_order_a_hundred_a_body_each_as_its_ASFF_JSON()
    {
        var findings = TestFindings.Many(250);
        using var packer = new ImportBodyPacker();

        var bodies = Copy(packer.Pack(findings));

        Assert.Equal([(0, 100), (100, 100), (200, 50)], bodies.Select(b => (b.Start, b.Count)));
        var written = bodies.SelectMany(b => Elements(b.Json)).ToList();
        Assert.Equal(findings.Select(f => JsonSerializer.Serialize(f, AsffJsonContext.Default.AsffFinding)), written);
    }

    [Fact]
    public void A_body_that_would_pass_the_size_limit_is_closed_before_the_finding_that_does_not_fit()
    {
        // Findings of one size, and a limit that three of them fill to the byte: the fourth opens the next body.
        var findings = TestFindings.Many(10).Select((f, i) => f with { Description = new string((char)('a' + i), 1200) }).ToList();
        var size = JsonSerializer.SerializeToUtf8Bytes(findings[0], AsffJsonContext.Default.AsffFinding).Length;
        var limit = "{\"Findings\":[".Length + (3 * size) + 2 + "]}".Length;
        using var packer = new ImportBodyPacker(maxFindings: 100, maxBytes: limit);

        var bodies = Copy(packer.Pack(findings));

        Assert.Equal(limit, bodies[0].Json.Length);
        Assert.All(bodies, b => Assert.InRange(b.Json.Length, 1, limit));
        Assert.Equal([3, 3, 3, 1], bodies.Select(b => b.Count));
        Assert.Equal(findings.Select(f => f.Id), bodies.SelectMany(b => TestFindings.IdsIn(Encoding.UTF8.GetString(b.Json))));
        Assert.Equal(bodies.Select(b => b.Start), [0, 3, 6, 9]);
    }

    [Fact]
    public void A_finding_larger_than_the_limit_travels_alone_and_its_neighbours_are_not_held_back()
    {
        var findings = TestFindings.Many(4);
        findings[1] = findings[1] with { Description = new string('x', 8_000) };
        var size = JsonSerializer.SerializeToUtf8Bytes(findings[0], AsffJsonContext.Default.AsffFinding).Length;
        using var packer = new ImportBodyPacker(maxFindings: 100, maxBytes: 3 * size);

        var bodies = Copy(packer.Pack(findings));

        Assert.Equal([(0, 1), (1, 1), (2, 2)], bodies.Select(b => (b.Start, b.Count)));
        Assert.Equal(findings.Select(f => f.Id), bodies.SelectMany(b => TestFindings.IdsIn(Encoding.UTF8.GetString(b.Json))));
    }

    [Fact]
    public void Nothing_to_import_makes_no_body()
    {
        using var packer = new ImportBodyPacker();

        Assert.Empty(packer.Pack([]));
    }

    [Fact]
    public void The_packer_can_be_used_again_for_the_next_round()
    {
        using var packer = new ImportBodyPacker();
        _ = Copy(packer.Pack(TestFindings.Many(150, "first")));

        var second = Copy(packer.Pack(TestFindings.Many(3, "second")));

        var body = Assert.Single(second);
        Assert.Equal(TestFindings.Many(3, "second").Select(f => f.Id), TestFindings.IdsIn(Encoding.UTF8.GetString(body.Json)));
    }

    /// <summary>A body is valid only until the next one is asked for: keep copies, as a sender that is done with each would.</summary>
    private static List<(int Start, int Count, byte[] Json)> Copy(IEnumerable<ImportBody> bodies) =>
        bodies.Select(b => (b.Start, b.Count, b.Json.ToArray())).ToList();

    private static List<string> Elements(byte[] body)
    {
        using var document = JsonDocument.Parse(body);
        var root = document.RootElement;
        Assert.Equal(JsonValueKind.Object, root.ValueKind);
        Assert.Equal(["Findings"], root.EnumerateObject().Select(p => p.Name));
        return root.GetProperty("Findings").EnumerateArray().Select(e => e.GetRawText()).ToList();
    }
}
