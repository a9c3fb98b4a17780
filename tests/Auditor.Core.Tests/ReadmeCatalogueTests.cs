using Auditor.Core.Checks;
using Auditor.Testing;

namespace Auditor.Core.Tests;

/// <summary>
/// The README's check catalogue is generated from the checks' metadata. After changing a check, regenerate it with
/// <c>UPDATE_README=1 dotnet test tests/Auditor.Core.Tests --filter ReadmeCatalogue</c>.
/// </summary>
public sealed class ReadmeCatalogueTests
{
    [Fact]
    public void ReadmeCatalogue_matches_the_checks_metadata() =>
        GeneratedText.AssertBlockCurrent(
            Path.Combine(RepositoryPaths.Root, "README.md"), CheckCatalogMarkdown.StartMarker, CheckCatalogMarkdown.EndMarker, CheckCatalogMarkdown.Render(), "UPDATE_README");

    [Fact]
    public void ReadmeCatalogue_lists_every_check_id()
    {
        var rendered = CheckCatalogMarkdown.Render();
        Assert.All(CheckCatalog.Ids, id => Assert.Contains($"`{id}`", rendered, StringComparison.Ordinal));
    }
}
