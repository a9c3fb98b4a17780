using Auditor.Testing;

namespace Auditor.Function.Tests.Template;

/// <summary>
/// template.native-aot.yaml is template.yaml with every function built with Native AOT through the Makefile, and
/// template.yaml needs nothing but the .NET SDK to build. Regenerate the Native AOT template with
/// <c>UPDATE_TEMPLATES=1 dotnet test tests/Auditor.Function.Tests --filter NativeAotTemplate</c>.
/// </summary>
public sealed class NativeAotTemplateTests
{
    [Fact]
    public void The_Native_AOT_template_is_template_yaml_with_every_function_built_by_makefile()
    {
        GeneratedText.AssertFileCurrent(
            NativeAotTemplate.Path,
            NativeAotTemplate.Render(File.ReadAllText(SamTemplate.Path)),
            "UPDATE_TEMPLATES",
            "regenerate it with UPDATE_TEMPLATES=1 dotnet test tests/Auditor.Function.Tests --filter NativeAotTemplate");
        var current = File.ReadAllText(NativeAotTemplate.Path);
        var aot = SamTemplate.Parse(current);
        Assert.All(SamTemplate.Functions(aot), f =>
        {
            Assert.Equal(SamTemplate.NativeAotRuntime, f.Resource.Map("Properties").Plain("Runtime"));
            Assert.Equal(SamTemplate.NativeAotHandler, f.Resource.Map("Properties").Plain("Handler"));
            Assert.Equal("makefile", f.Resource.Map("Metadata").Plain("BuildMethod"));
        });
        Assert.Equal(
            SamTemplate.Functions(SamTemplate.Load()).Select(f => f.LogicalId).Order(StringComparer.Ordinal),
            SamTemplate.Functions(aot).Select(f => f.LogicalId).Order(StringComparer.Ordinal));
    }

    [Fact]
    public void The_managed_template_builds_with_the_dotnet_sdk_alone()
    {
        // sam build builds every function of a template whatever its Condition: none may need the Makefile's toolchain.
        var template = SamTemplate.Load();

        Assert.All(SamTemplate.Functions(template), f =>
        {
            Assert.Equal(SamTemplate.ExpectedRuntime, f.Resource.Map("Properties").Plain("Runtime"));
            Assert.Null(f.Resource.Map("Metadata").Plain("BuildMethod"));
        });
    }

    [Fact]
    public void The_makefile_builds_every_function_of_the_Native_AOT_template()
    {
        var aot = SamTemplate.Load(NativeAotTemplate.FileName);

        Assert.Equal(
            SamTemplate.Functions(aot).Select(f => f.LogicalId).ToHashSet(StringComparer.Ordinal),
            NativeAotTemplate.MakefileTargets());
    }
}
