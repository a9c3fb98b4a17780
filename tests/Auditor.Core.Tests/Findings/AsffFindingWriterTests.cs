using Auditor.Core.Evidence;
using Auditor.Testing;
using System.Buffers;
using System.Collections.ObjectModel;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using Auditor.Core.Checks;
using Auditor.Core.Evaluation;
using Auditor.Core.Findings;
using Auditor.Core.Model;
using Auditor.Core.Tests.Support;
using static Auditor.Core.Tests.Support.Snapshots;

namespace Auditor.Core.Tests.Findings;

/// <summary>
/// <see cref="AsffFindingWriter"/> writes exactly the bytes the source-generated <see cref="AsffJsonContext"/> does,
/// for every shape of finding the auditor builds, updates, archives and reads back, and allocates nothing doing it.
/// </summary>
public sealed class AsffFindingWriterTests
{
    private static readonly DateTimeOffset Now = TestClock.Now;

    /// <summary>Writer options the import uses (the defaults), and two that change the bytes: both paths must follow them alike.</summary>
    public static TheoryData<string> WriterOptions => ["default", "indented", "relaxed"];

    [Fact]
    public void Every_checks_findings_from_a_full_evaluation_are_written_identically()
    {
        var findings = Evaluate(FullSnapshot(), Now);

        Assert.Equal(CheckCatalog.Ids.Order(StringComparer.Ordinal), findings.Select(f => f.GeneratorId).Distinct().Order(StringComparer.Ordinal));
        Assert.Contains(findings, f => f.Resources.Any(r => r.Details?.AwsGuardDutyDetector?.Features is { Count: > 0 }));
        Assert.Contains(findings, f => f.Resources.Any(r => r.Details?.AwsIamUser is not null));
        Assert.Contains(findings, f => f.Compliance?.RelatedRequirements is not null);
        AssertAllIdentical(findings);
    }

    [Fact]
    public void Findings_of_checks_that_could_not_run_are_written_identically()
    {
        var findings = Evaluate(Empty(), Now);

        Assert.Contains(findings, f => f.Compliance?.StatusReasons is { Count: > 0 });
        AssertAllIdentical(findings);
    }

    [Fact]
    public void Root_event_findings_with_details_other_are_written_identically()
    {
        var when = new DateTimeOffset(2026, 11, 20, 9, 15, 2, TimeSpan.Zero);
        var findings = new[]
        {
            RootEventFindings.Create(CloudTrailRecords.Read(CloudTrailRecords.ConsoleLogin("Success", "No", when)), AccountId, "aws", "us-east-1", Now),
            RootEventFindings.Create(CloudTrailRecords.Read(CloudTrailRecords.ConsoleLogin("Failure", null, when)), AccountId, "aws", "us-east-1", Now),
            RootEventFindings.Create(CloudTrailRecords.Read(CloudTrailRecords.ApiCall("DeleteTrail", "cloudtrail", null, when, region: "eu-west-1")), AccountId, "aws", "eu-west-1", Now),
        };

        Assert.All(findings, f => Assert.NotEmpty(f.Resources[0].Details!.Other!));
        AssertAllIdentical(findings);
    }

    [Fact]
    public void Updated_and_archived_findings_of_the_lifecycle_are_written_identically()
    {
        var lastRun = Now.AddDays(-1).AddMilliseconds(-123.4567);
        var stored = ReadBack(Evaluate(FullSnapshot(), lastRun)).ToList();
        var gone = stored.First(f => f.GeneratorId == "iam.user-mfa");
        stored.Add(gone with { Id = gone.Id + "-deleted-user", Resources = [gone.Resources[0] with { Id = gone.Resources[0].Id + "-deleted-user" }] });
        var evaluation = CheckRunner.Evaluate(FullSnapshot(), CheckCatalog.All, AuditSettings.Default, Now);
        var produced = Create(evaluation, Now.ToOffset(TimeSpan.FromHours(-5)));
        var user = produced.First(f => f.GeneratorId == "iam.user-mfa");
        produced.Add(user with { Id = user.Id + "-new-user" });

        var plan = FindingLifecycle.Plan(produced, stored, evaluation.EvaluatedScopes, Now);

        Assert.True(plan.Created > 0 && plan.Updated > 0 && plan.Archived > 0, $"{plan.Created} created, {plan.Updated} updated, {plan.Archived} archived");
        Assert.Contains(plan.Imports, f => f.Workflow is null && f.CreatedAt != f.UpdatedAt);
        Assert.Contains(plan.Imports, f => f.RecordState == RecordStates.Archived);
        AssertAllIdentical(plan.Imports);
    }

    [Fact]
    public void Findings_read_back_from_security_hub_are_written_identically()
    {
        const string stored = """
            {"SchemaVersion":"2018-10-08","Id":"auditor/123456789012/eu-west-1/guardduty.enabled/arn:aws:guardduty:eu-west-1:123456789012:detector/12abc",
             "ProductArn":"arn:aws:securityhub:eu-west-1:123456789012:product/123456789012/default","GeneratorId":"guardduty.enabled",
             "AwsAccountId":"123456789012","Types":["Software and Configuration Checks/AWS Security Best Practices"],
             "FirstObservedAt":"2026-11-01T10:00:00Z","LastObservedAt":"2026-11-20T10:00:00.5+00:00",
             "CreatedAt":"2026-11-01T10:00:00Z","UpdatedAt":"2026-11-20T12:00:00.123+02:00",
             "Severity":{"Label":"HIGH","Original":"HIGH","Normalized":70},"Title":"GuardDuty is enabled","Description":"d",
             "Remediation":{"Recommendation":{"Text":"Enable it","Url":"https://docs.aws.amazon.com/guardduty/"}},
             "ProductFields":{"auditor/Region":"eu-west-1","aws/securityhub/ProductName":"Default","aws/securityhub/CompanyName":"Personal",
                              "aws/securityhub/FindingId":"arn:aws:securityhub:eu-west-1::product/123456789012/default/auditor/x","ProviderName":"Auditor"},
             "Resources":[{"Type":"AwsGuardDutyDetector","Id":"arn:aws:guardduty:eu-west-1:123456789012:detector/12abc","Partition":"aws","Region":"eu-west-1",
                           "Details":{"AwsGuardDutyDetector":{"Status":"ENABLED","Features":[{"Name":"S3_DATA_EVENTS","Status":"ENABLED"},{"Name":"EKS_AUDIT_LOGS","Status":"DISABLED"}]}}},
                          {"Type":"AwsAccount","Id":"AWS::::Account:123456789012","Details":{"Other":{"eventName":"ConsoleLogin","mfaUsed":"No"}}},
                          {"Type":"AwsIamUser","Id":"arn:aws:iam::123456789012:user/bob","Details":{"AwsIamUser":{"UserName":"bob","Path":"/","CreateDate":"2024-01-02T03:04:05Z"}}}],
             "Compliance":{"Status":"PASSED","RelatedRequirements":[],"StatusReasons":[{"ReasonCode":"CONFIG_ACCESS_DENIED"}]},
             "Workflow":{"Status":"SUPPRESSED"},"RecordState":"ACTIVE",
             "FindingProviderFields":{"Severity":{"Label":"HIGH"},"Types":[]},
             "Region":"eu-west-1","ProcessedAt":"2026-11-20T10:00:01.000Z"}
            """;

        var read = JsonSerializer.Deserialize(stored, AsffJsonContext.Default.AsffFinding)!;

        Assert.Equal("eu-west-1", read.Region);
        Assert.Equal(2, read.Resources[0].Details!.AwsGuardDutyDetector!.Features!.Count);
        AssertIdentical(read);
        Assert.Contains("\"Region\":\"eu-west-1\"}", Written(read, "default"), StringComparison.Ordinal);
    }

    [Fact]
    public void Findings_of_a_full_evaluation_read_back_are_written_identically()
    {
        var read = ReadBack(Evaluate(FullSnapshot(), Now));

        Assert.All(read, f => Assert.NotNull(f.Region));
        AssertAllIdentical(read);
    }

    [Fact]
    public void Finding_with_every_optional_member_null_is_written_identically()
    {
        var finding = new AsffFinding
        {
            Id = "auditor/123456789012/global/root.mfa/AWS::::Account:123456789012",
            ProductArn = "arn:aws:securityhub:us-east-1:123456789012:product/123456789012/default",
            GeneratorId = "root.mfa",
            AwsAccountId = AccountId,
            CreatedAt = null,
            UpdatedAt = null,
            Severity = new AsffSeverity("LOW"),
            Title = "t",
            Description = "d",
            Resources = [new AsffResource { Type = "AwsAccount", Id = AccountResourceId }],
        };

        var json = AssertIdentical(finding);

        Assert.DoesNotContain("null", json, StringComparison.Ordinal);
        Assert.Contains("\"Types\":[]", json, StringComparison.Ordinal);
    }

    [Fact]
    public void Finding_with_even_its_required_members_null_is_written_identically()
    {
        var finding = new AsffFinding
        {
            SchemaVersion = null!,
            Id = null!,
            ProductArn = null!,
            GeneratorId = null!,
            AwsAccountId = null!,
            Types = null!,
            CreatedAt = null,
            UpdatedAt = null,
            Severity = null!,
            Title = null!,
            Description = null!,
            Resources = null!,
            RecordState = null!,
        };

        Assert.Equal("{}", AssertIdentical(finding));
    }

    [Fact]
    public void Nested_members_null_or_empty_are_written_identically()
    {
        var finding = Minimal() with
        {
            Types = [],
            Severity = new AsffSeverity(null!, null),
            Remediation = new AsffRemediation(null!),
            ProductFields = new Dictionary<string, string>(),
            Resources =
            [
                null!,
                new AsffResource { Type = null!, Id = null! },
                new AsffResource { Type = "Other", Id = "x", Details = new AsffResourceDetails() },
                new AsffResource
                {
                    Type = "Other",
                    Id = "y",
                    Details = new AsffResourceDetails
                    {
                        AwsIamUser = new AwsIamUserDetails(),
                        AwsGuardDutyDetector = new AwsGuardDutyDetectorDetails { Features = [null!, new AwsGuardDutyDetectorFeature(null!, null!)] },
                        Other = new Dictionary<string, string> { ["k"] = null! },
                    },
                },
                new AsffResource { Type = "Other", Id = "z", Details = new AsffResourceDetails { AwsGuardDutyDetector = new AwsGuardDutyDetectorDetails { Features = [] }, Other = new Dictionary<string, string>() } },
            ],
            Compliance = new AsffCompliance { Status = null!, RelatedRequirements = [], StatusReasons = [] },
            Workflow = new AsffWorkflow(null!),
            FindingProviderFields = new AsffFindingProviderFields(null!, null!),
        };
        var nulls = Minimal() with
        {
            Types = ["a", null!],
            Remediation = new AsffRemediation(new AsffRecommendation(null!, null)),
            Compliance = new AsffCompliance { Status = "FAILED", RelatedRequirements = [null!], StatusReasons = [null!, new AsffStatusReason(null!, null)] },
            FindingProviderFields = new AsffFindingProviderFields(new AsffSeverity("LOW"), []),
        };

        var json = AssertIdentical(finding);
        AssertIdentical(nulls);

        Assert.Contains("\"Resources\":[null,{},", json, StringComparison.Ordinal);
        Assert.Contains("\"Remediation\":{}", json, StringComparison.Ordinal);
    }

    [Fact]
    public void Maps_and_lists_of_other_types_are_written_identically()
    {
        var finding = Minimal() with
        {
            Types = new ReadOnlyCollection<string>(["b", "a"]),
            ProductFields = new SortedDictionary<string, string>(StringComparer.Ordinal) { ["z"] = "1", ["a"] = "2" }.AsReadOnly(),
            Resources = new List<AsffResource> { new() { Type = "Other", Id = "1", Details = new AsffResourceDetails { Other = new ReadOnlyDictionary<string, string>(new Dictionary<string, string> { ["b"] = "c" }) } } },
            Compliance = new AsffCompliance { Status = "PASSED", RelatedRequirements = new List<string> { "x" }, StatusReasons = new List<AsffStatusReason> { new("r", "d") } },
        };

        AssertIdentical(finding);
    }

    [Theory]
    [InlineData("quote \" backslash \\ slash /")]
    [InlineData("<script>alert('x')</script> & + ` =")]
    [InlineData("café, naïve, Straße, 中文, עברית")]
    [InlineData("control \u0000 \u0001 \b \f \n \r \t \u001f \u007f \u0085 \u2028 \u2029")]
    [InlineData("emoji 😀 👩‍💻 and a surrogate pair \ud83d\udd12")]
    [InlineData("")]
    public void Strings_needing_escaping_are_written_identically(string text)
    {
        AssertIdentical(EveryStringIs(text));
    }

    [Theory]
    [InlineData("lone high \ud800 surrogate")]
    [InlineData("lone low \udc00 surrogate")]
    public void Invalid_utf16_fails_or_is_written_as_the_serializer_does(string text)
    {
        var finding = EveryStringIs(text);
        var expected = Outcome(() => Expected(finding, "default"));
        var actual = Outcome(() => Actual(finding, "default"));

        Assert.Equal(expected, actual);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(2)]
    [InlineData(-5.5)]
    [InlineData(14)]
    public void Timestamps_in_any_offset_are_written_identically(double offsetHours)
    {
        var offset = TimeSpan.FromHours(offsetHours);
        var finding = Minimal() with
        {
            FirstObservedAt = new DateTimeOffset(2026, 1, 1, 0, 0, 0, offset),
            LastObservedAt = new DateTimeOffset(2026, 11, 25, 23, 59, 59, offset).AddTicks(9_999_999),
            CreatedAt = new DateTimeOffset(1, 1, 2, 0, 0, 0, TimeSpan.Zero),
            UpdatedAt = DateTimeOffset.MaxValue,
        };

        AssertIdentical(finding);
    }

    [Fact]
    public void Timestamps_across_the_whole_range_are_written_as_the_converter_formats_them()
    {
        var random = new Random(20261125);
        var timestamps = new List<DateTimeOffset>
        {
            DateTimeOffset.MinValue, DateTimeOffset.MaxValue, DateTimeOffset.UnixEpoch, new(2024, 2, 29, 23, 59, 59, 999, TimeSpan.Zero),
            new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero).AddTicks(-1), new DateTimeOffset(2026, 1, 1, 0, 30, 0, TimeSpan.FromHours(1)),
        };
        var min = DateTimeOffset.MinValue.UtcTicks + TimeSpan.TicksPerDay;
        var max = DateTimeOffset.MaxValue.UtcTicks - TimeSpan.TicksPerDay;
        for (var i = 0; i < 2000; i++)
        {
            var offset = TimeSpan.FromMinutes(random.Next(-14 * 60, 14 * 60 + 1));
            timestamps.Add(new DateTimeOffset(random.NextInt64(min, max), TimeSpan.Zero).ToOffset(offset));
        }

        foreach (var timestamp in timestamps)
        {
            var finding = Minimal() with { FirstObservedAt = timestamp, LastObservedAt = timestamp, CreatedAt = timestamp, UpdatedAt = timestamp };
            var json = Written(finding, "default");

            Assert.Equal(Encoding.UTF8.GetString(Expected(finding, "default")), json);
            Assert.Contains($"\"UpdatedAt\":\"{AsffTimestampConverter.ToAsff(timestamp)}\"", json, StringComparison.Ordinal);
        }
    }

    [Theory]
    [MemberData(nameof(WriterOptions))]
    public void Import_body_of_many_findings_is_written_identically_with_the_writers_options(string options)
    {
        var findings = Evaluate(FullSnapshot(), Now).Concat(Evaluate(Empty(), Now)).Append(EveryStringIs("<\"é😀\u0001'>")).ToList();

        var expected = Body(findings, options, (writer, finding) => JsonSerializer.Serialize(writer, finding, AsffJsonContext.Default.AsffFinding));
        var actual = Body(findings, options, AsffFindingWriter.Write);

        Assert.Equal(Encoding.UTF8.GetString(expected), Encoding.UTF8.GetString(actual));
        Assert.True(expected.AsSpan().SequenceEqual(actual));
    }

    [Fact]
    public void Writer_is_flushed_after_each_finding_as_the_serializer_leaves_it()
    {
        var finding = Evaluate(FullSnapshot(), Now)[0];

        var serializer = Pending(writer => JsonSerializer.Serialize(writer, finding, AsffJsonContext.Default.AsffFinding));
        var ours = Pending(writer => AsffFindingWriter.Write(writer, finding));

        Assert.Equal(serializer, ours);
        Assert.Equal(0, ours.Pending);
        Assert.True(ours.Committed > 1000);
    }

    [Fact]
    public void Writing_a_finding_allocates_nothing_once_warmed_up()
    {
        var findings = Evaluate(FullSnapshot(), Now)
            .Concat(Evaluate(Empty(), Now))
            .Concat(ReadBack(Evaluate(FullSnapshot(), Now.AddDays(-1))))
            .Append(RootEventFindings.Create(CloudTrailRecords.Read(CloudTrailRecords.ConsoleLogin("Success", "No", Now)), AccountId, "aws", "us-east-1", Now))
            .ToList();
        var buffer = new ArrayBufferWriter<byte>(4 * 1024 * 1024);
        using var writer = new Utf8JsonWriter(buffer);
        const int Rounds = 10;

        long Measure(Action<Utf8JsonWriter, AsffFinding> write)
        {
            // Warmed up: a part many findings share is rendered the second time it is met.
            WriteAll(write);
            WriteAll(write);
            var before = GC.GetAllocatedBytesForCurrentThread();
            for (var round = 0; round < Rounds; round++)
            {
                WriteAll(write);
            }

            return GC.GetAllocatedBytesForCurrentThread() - before;
        }

        void WriteAll(Action<Utf8JsonWriter, AsffFinding> write)
        {
            buffer.ResetWrittenCount();
            writer.Reset(buffer);
            writer.WriteStartArray();
            for (var i = 0; i < findings.Count; i++)
            {
                write(writer, findings[i]);
            }

            writer.WriteEndArray();
            writer.Flush();
        }

        var written = Rounds * findings.Count;
        var serializer = Measure((w, f) => JsonSerializer.Serialize(w, f, AsffJsonContext.Default.AsffFinding));
        var ours = Measure(AsffFindingWriter.Write);

        // The measurement sees allocations (the serializer's, a few hundred bytes a finding); the writer's must stay
        // under one byte a finding, which no per-finding allocation (24 bytes at least) could.
        Assert.True(serializer >= written, $"the serializer allocated only {serializer} bytes for {written} findings: the measurement is broken");
        Assert.True(ours < written, $"{ours} bytes allocated for {written} findings");
    }

    [Fact]
    public void Shared_list_changed_in_place_between_findings_is_written_as_it_is_now()
    {
        var types = new List<string> { FindingTypes.Cis };
        var requirements = new List<string> { "CIS AWS Foundations Benchmark v3.0.0/1.10" };
        var provider = new AsffFindingProviderFields(new AsffSeverity("LOW", "LOW"), types);
        var finding = Minimal() with
        {
            Types = types,
            Compliance = new AsffCompliance { Status = "FAILED", RelatedRequirements = requirements },
            FindingProviderFields = provider,
        };
        var changes = new Action[]
        {
            () => types[0] = FindingTypes.BestPractices,
            () => types.Add(FindingTypes.UnusualUserBehavior),
            () => requirements[0] = "CIS AWS Foundations Benchmark v3.0.0/1.4",
            () => types.RemoveAt(0),
            types.Clear,
            requirements.Clear,
        };

        foreach (var change in changes)
        {
            // Often enough that the shared parts are rendered and reused, then changed under the cache.
            for (var i = 0; i < 3; i++)
            {
                AssertIdentical(finding);
            }

            change();
            AssertIdentical(finding);
        }

        Assert.Contains("\"Types\":[]", Written(finding, "default"), StringComparison.Ordinal);
    }

    [Fact]
    public void Many_shared_parts_met_in_turn_are_each_written_as_their_own()
    {
        // More shared parts than the cache has room for, each met several times, in an order that makes them
        // evict one another.
        var findings = Enumerable.Range(0, 300).Select(i => Minimal() with
        {
            Types = [$"type {i}"],
            Severity = new AsffSeverity($"S{i}"),
            Remediation = new AsffRemediation(new AsffRecommendation($"fix {i}", $"https://example.com/{i}")),
            FindingProviderFields = new AsffFindingProviderFields(new AsffSeverity($"S{i}"), [$"type {i}"]),
        }).ToList();
        var random = new Random(7);
        var order = Enumerable.Range(0, 3000).Select(i => findings[i < 600 ? i % 300 : random.Next(findings.Count)]).ToList();

        var expected = Body(order, "default", (writer, finding) => JsonSerializer.Serialize(writer, finding, AsffJsonContext.Default.AsffFinding));
        var actual = Body(order, "default", AsffFindingWriter.Write);

        Assert.Equal(Encoding.UTF8.GetString(expected), Encoding.UTF8.GetString(actual));
    }

    [Fact]
    public void Findings_written_on_several_threads_at_once_are_each_written_identically()
    {
        var findings = Evaluate(FullSnapshot(), Now).Concat(Evaluate(Empty(), Now)).ToList();
        var expected = Body(findings, "default", (writer, finding) => JsonSerializer.Serialize(writer, finding, AsffJsonContext.Default.AsffFinding));

        var bodies = new byte[8][];
        Parallel.For(0, bodies.Length, new ParallelOptions { MaxDegreeOfParallelism = 8 }, i =>
        {
            for (var round = 0; round < 20; round++)
            {
                bodies[i] = Body(findings, "default", AsffFindingWriter.Write);
            }
        });

        Assert.All(bodies, body => Assert.Equal(Encoding.UTF8.GetString(expected), Encoding.UTF8.GetString(body)));
    }

    [Fact]
    public void Null_finding_or_writer_is_refused()
    {
        using var writer = new Utf8JsonWriter(new ArrayBufferWriter<byte>());

        Assert.Throws<ArgumentNullException>(() => AsffFindingWriter.Write(writer, null!));
        Assert.Throws<ArgumentNullException>(() => AsffFindingWriter.Write(null!, Minimal()));
    }

    private static AccountSnapshot FullSnapshot() => Complete().WithGuardDuty(Regions.Select((region, i) => new RegionalEvidence<IReadOnlyList<GuardDutyDetector>>(region, Gathered<IReadOnlyList<GuardDutyDetector>>.Ok(
            i == 0 ? [] : [new GuardDutyDetector($"12abc34d567e8fa901bc2d34e56789f{i}", "ENABLED", [new GuardDutyFeature("S3_DATA_EVENTS", "ENABLED"), new GuardDutyFeature("EKS_AUDIT_LOGS", "DISABLED")])]))).ToList());

    private static List<AsffFinding> Evaluate(AccountSnapshot snapshot, DateTimeOffset now) =>
        Create(CheckRunner.Evaluate(snapshot, CheckCatalog.All, AuditSettings.Default, now), now);

    private static List<AsffFinding> Create(AuditEvaluation evaluation, DateTimeOffset now) =>
        evaluation.Results
            .Select(r => FindingFactory.Create(r, CheckCatalog.Find(r.CheckId)!.Metadata, AccountId, "aws", r.Region ?? "us-east-1", now))
            .ToList();

    /// <summary>The findings as Security Hub returns them: read from JSON, with Region and its own aws/ product fields.</summary>
    private static List<AsffFinding> ReadBack(IEnumerable<AsffFinding> findings) =>
        findings.Select(f =>
        {
            var read = JsonSerializer.Deserialize(JsonSerializer.Serialize(f, AsffJsonContext.Default.AsffFinding), AsffJsonContext.Default.AsffFinding)!;
            var fields = new Dictionary<string, string>(read.ProductFields!)
            {
                ["aws/securityhub/FindingId"] = $"arn:aws:securityhub:us-east-1::product/{AccountId}/default/{f.Id}",
                ["aws/securityhub/ProductName"] = "Default",
                ["aws/securityhub/CompanyName"] = "Personal",
            };
            return read with { Region = "us-east-1", ProductFields = fields };
        }).ToList();

    private static AsffFinding Minimal() => new()
    {
        Id = "auditor/123456789012/global/root.mfa/AWS::::Account:123456789012",
        ProductArn = "arn:aws:securityhub:us-east-1:123456789012:product/123456789012/default",
        GeneratorId = "root.mfa",
        AwsAccountId = AccountId,
        CreatedAt = Now,
        UpdatedAt = Now,
        Severity = new AsffSeverity("LOW", "LOW"),
        Title = "t",
        Description = "d",
        Resources = [new AsffResource { Type = "AwsAccount", Id = AccountResourceId }],
    };

    private static AsffFinding EveryStringIs(string text) => new()
    {
        SchemaVersion = text,
        Id = text,
        ProductArn = text,
        GeneratorId = text,
        AwsAccountId = text,
        Types = [text, text],
        FirstObservedAt = Now,
        CreatedAt = Now,
        UpdatedAt = Now,
        Severity = new AsffSeverity(text, text),
        Title = text,
        Description = text,
        Remediation = new AsffRemediation(new AsffRecommendation(text, text)),
        ProductFields = new Dictionary<string, string> { [text] = text, ["k"] = text },
        Resources =
        [
            new AsffResource
            {
                Type = text,
                Id = text,
                Partition = text,
                Region = text,
                Details = new AsffResourceDetails
                {
                    AwsIamUser = new AwsIamUserDetails { UserName = text, Path = text, CreateDate = text },
                    AwsGuardDutyDetector = new AwsGuardDutyDetectorDetails { Status = text, Features = [new AwsGuardDutyDetectorFeature(text, text)] },
                    Other = new Dictionary<string, string> { [text] = text },
                },
            },
        ],
        Compliance = new AsffCompliance { Status = text, RelatedRequirements = [text], StatusReasons = [new AsffStatusReason(text, text)] },
        Workflow = new AsffWorkflow(text),
        RecordState = text,
        FindingProviderFields = new AsffFindingProviderFields(new AsffSeverity(text, text), [text]),
        Region = text,
    };

    private static void AssertAllIdentical(IEnumerable<AsffFinding> findings)
    {
        var count = 0;
        foreach (var finding in findings)
        {
            AssertIdentical(finding);
            count++;
        }

        Assert.True(count > 0, "no findings to compare");
    }

    /// <summary>Asserts both paths write the same bytes with every writer option; returns the compact JSON.</summary>
    private static string AssertIdentical(AsffFinding finding)
    {
        foreach (var options in WriterOptions)
        {
            var expected = Expected(finding, options);
            var actual = Actual(finding, options);
            Assert.Equal(Encoding.UTF8.GetString(expected), Encoding.UTF8.GetString(actual));
            Assert.True(expected.AsSpan().SequenceEqual(actual));
        }

        return Written(finding, "default");
    }

    private static string Written(AsffFinding finding, string options) => Encoding.UTF8.GetString(Actual(finding, options));

    private static byte[] Expected(AsffFinding finding, string options) =>
        Body([finding], options, (writer, f) => JsonSerializer.Serialize(writer, f, AsffJsonContext.Default.AsffFinding), asArray: false);

    private static byte[] Actual(AsffFinding finding, string options) =>
        Body([finding], options, AsffFindingWriter.Write, asArray: false);

    /// <summary>The findings as an import body, <c>{"Findings":[…]}</c>, or the one finding alone.</summary>
    private static byte[] Body(IReadOnlyList<AsffFinding> findings, string options, Action<Utf8JsonWriter, AsffFinding> write, bool asArray = true)
    {
        var buffer = new ArrayBufferWriter<byte>();
        using (var writer = new Utf8JsonWriter(buffer, Options(options)))
        {
            if (asArray)
            {
                writer.WriteStartObject();
                writer.WriteStartArray("Findings");
            }

            foreach (var finding in findings)
            {
                write(writer, finding);
            }

            if (asArray)
            {
                writer.WriteEndArray();
                writer.WriteEndObject();
            }
        }

        return buffer.WrittenSpan.ToArray();
    }

    private static JsonWriterOptions Options(string name) => name switch
    {
        "default" => default,
        "indented" => new JsonWriterOptions { Indented = true },
        "relaxed" => new JsonWriterOptions { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping },
        _ => throw new ArgumentOutOfRangeException(nameof(name), name, null),
    };

    private static (long Pending, long Committed) Pending(Action<Utf8JsonWriter> write)
    {
        var buffer = new ArrayBufferWriter<byte>();
        using var writer = new Utf8JsonWriter(buffer);
        write(writer);
        return (writer.BytesPending, writer.BytesCommitted);
    }

    /// <summary>The bytes written, or the type of the exception thrown.</summary>
    private static string Outcome(Func<byte[]> write)
    {
        try
        {
            return Convert.ToHexString(write());
        }
        catch (Exception e) when (e is ArgumentException or InvalidOperationException)
        {
            return e.GetType().FullName!;
        }
    }
}
