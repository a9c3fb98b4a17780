using System.Text;
using System.Text.RegularExpressions;
using Auditor.Testing;

namespace Auditor.Function.Tests.Template;

/// <summary>
/// template.native-aot.yaml is template.yaml with every function built with Native AOT for provided.al2023: the
/// executable named bootstrap, made by the root Makefile (Metadata BuildMethod makefile). It is written from
/// template.yaml, line by line, so the two never differ in anything else. Regenerate it with
/// <c>UPDATE_TEMPLATES=1 dotnet test tests/Auditor.Function.Tests --filter NativeAotTemplate</c>.
/// </summary>
public static partial class NativeAotTemplate
{
    public const string FileName = "template.native-aot.yaml";

    public static string Path => RepositoryPaths.Of(FileName);

    private const string Header = """
        # GENERATED from template.yaml: do not edit (UPDATE_TEMPLATES=1 dotnet test tests/Auditor.Function.Tests --filter NativeAotTemplate).
        # The same application with every function built with Native AOT for the provided.al2023 runtime (the executable
        # named bootstrap, built by the root Makefile): sam build --config-env native-aot && sam deploy --config-env native-aot.
        # It needs a Linux x86_64 build host with clang and zlib1g-dev (scripts/build-aot); template.yaml needs only the .NET SDK.

        """;

    /// <summary>template.native-aot.yaml as it must read for this template.yaml.</summary>
    public static string Render(string managedTemplate)
    {
        var text = new StringBuilder(Header.ReplaceLineEndings("\n"));
        foreach (var line in managedTemplate.ReplaceLineEndings("\n").Split('\n'))
        {
            switch (line)
            {
                case "      Runtime: " + SamTemplate.ExpectedRuntime:
                    text.Append("      Runtime: ").Append(SamTemplate.NativeAotRuntime).Append('\n');
                    break;
                case "      Handler: " + SamTemplate.ExpectedHandler:
                    text.Append("      Handler: ").Append(SamTemplate.NativeAotHandler).Append('\n');
                    break;
                case "      CodeUri: functions/Auditor.Function/":
                    // The Makefile at the root builds it: sam build runs `make build-<LogicalId>` there.
                    text.Append("      CodeUri: ./\n");
                    break;
                case "    Type: " + SamTemplate.FunctionType:
                    text.Append(line).Append('\n')
                        .Append("    Metadata:\n")
                        .Append("      BuildMethod: makefile\n")
                        .Append("      BuildArchitecture: x86_64\n");
                    break;
                default:
                    text.Append(line).Append('\n');
                    break;
            }
        }

        return text.ToString().TrimEnd('\n') + "\n";
    }

    /// <summary>The logical ids the root Makefile has a <c>build-&lt;LogicalId&gt;</c> target for.</summary>
    public static IReadOnlySet<string> MakefileTargets() =>
        MakeTarget().Matches(File.ReadAllText(RepositoryPaths.Of("Makefile"))).Select(m => m.Groups["id"].Value).ToHashSet(StringComparer.Ordinal);

    [GeneratedRegex(@"^build-(?<id>\w+):", RegexOptions.Multiline)]
    private static partial Regex MakeTarget();
}
