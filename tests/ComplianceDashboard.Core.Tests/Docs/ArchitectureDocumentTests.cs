using System.Text.RegularExpressions;
using ComplianceDashboard.Testing;

namespace ComplianceDashboard.Core.Tests.Docs;

/// <summary>The architecture page and the README say what the code holds.</summary>
public sealed class ArchitectureDocumentTests
{
    [Fact]
    public void TheArchitecturePage_NamesEveryFeatureFolderOfCore()
    {
        var page = RepositoryFiles.Read("docs/architecture.md");
        var folders = Directory.GetDirectories(RepositoryFiles.PathOf("src/ComplianceDashboard.Core"))
            .Select(Path.GetFileName)
            .Where(name => name is not ("bin" or "obj"))
            .ToList();

        Assert.NotEmpty(folders);
        Assert.All(folders, folder => Assert.Contains($"`{folder}/`", page));
    }

    [Fact]
    public void TheArchitecturePage_NamesEveryProjectOfTheSolution_AndNoFileOutsideTheRepository()
    {
        var page = RepositoryFiles.Read("docs/architecture.md");
        var projects = Regex.Matches(RepositoryFiles.Read("ComplianceDashboard.sln"), @"""(ComplianceDashboard\.[A-Za-z.]+)""")
            .Select(m => m.Groups[1].Value)
            .Where(name => name.StartsWith("ComplianceDashboard.", StringComparison.Ordinal) && !name.EndsWith(".Tests", StringComparison.Ordinal))
            .Distinct()
            .ToList();

        Assert.NotEmpty(projects);
        Assert.All(projects, project => Assert.Contains(project, page));
        Assert.DoesNotContain("../shared", page);
    }

    [Fact]
    public void TheReadmeStatus_SaysWhatIsOpenInWords_WithoutIssueNumbers()
    {
        var readme = RepositoryFiles.Read("README.md");

        Assert.DoesNotMatch(new Regex(@"\bissues? #?\d+", RegexOptions.IgnoreCase), readme);
    }
}
