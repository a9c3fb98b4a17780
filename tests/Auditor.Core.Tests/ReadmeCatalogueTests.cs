using Auditor.Core.Checks;

namespace Auditor.Core.Tests;

/// <summary>
/// The README's check catalogue is generated from the checks' metadata. After changing a check, regenerate it with
/// <c>UPDATE_README=1 dotnet test tests/Auditor.Core.Tests --filter ReadmeCatalogue</c>.
/// </summary>
public sealed class ReadmeCatalogueTests
{
    [Fact]
    public void ReadmeCatalogue_matches_the_checks_metadata()
    {
        var readmePath = Path.Combine(Auditor.Testing.RepositoryPaths.Root, "README.md");
        var readme = File.ReadAllText(readmePath);
        var start = readme.IndexOf(CheckCatalogMarkdown.StartMarker, StringComparison.Ordinal);
        var end = readme.IndexOf(CheckCatalogMarkdown.EndMarker, StringComparison.Ordinal);
        Assert.True(start >= 0 && end > start, "README.md has no check catalogue markers");
        var current = readme[start..(end + CheckCatalogMarkdown.EndMarker.Length)].ReplaceLineEndings("\n");
        var generated = CheckCatalogMarkdown.Render().ReplaceLineEndings("\n");
        if (Environment.GetEnvironmentVariable("UPDATE_README") == "1" && current != generated)
        {
            File.WriteAllText(readmePath, readme[..start] + generated + readme[(end + CheckCatalogMarkdown.EndMarker.Length)..]);
            return;
        }

        Assert.Equal(generated, current);
    }

    [Fact]
    public void ReadmeCatalogue_lists_every_check_id()
    {
        var rendered = CheckCatalogMarkdown.Render();
        Assert.All(CheckCatalog.Ids, id => Assert.Contains($"`{id}`", rendered, StringComparison.Ordinal));
    }
}
