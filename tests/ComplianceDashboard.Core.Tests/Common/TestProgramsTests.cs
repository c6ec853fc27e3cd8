using ComplianceDashboard.Testing;

namespace ComplianceDashboard.Core.Tests.Common;

public sealed class TestProgramsTests
{
    [Fact]
    public void Start_RefusesAProgramThatIsNotOnTheList_NamingIt()
    {
        var refused = Assert.Throws<InvalidOperationException>(() => TestPrograms.Start("pdfsig", ["-v"]));

        Assert.Contains("'pdfsig'", refused.Message);
        Assert.Contains("tests/programs.txt", refused.Message);
    }

    [Fact]
    public void EveryListedProgram_IsInstalled_SoNoTestFailsForWantOfIt()
    {
        var missing = TestPrograms.All
            .Where(p => !Installed(p.Name))
            .Select(p => $"{p.Name} (Debian: {string.Join(", ", p.Packages)})")
            .ToList();

        Assert.True(missing.Count == 0, $"Listed in tests/programs.txt but not installed: {string.Join("; ", missing)}. tests/run.sh installs them.");
    }

    [Fact]
    public void Run_ReportsTheProgramsErrorOutput_WhenItFails()
    {
        var missing = Path.Combine(Path.GetTempPath(), $"no-such-{Guid.NewGuid():N}.pdf");

        var failed = Assert.Throws<InvalidOperationException>(() => TestPrograms.Run("pdftoppm", [missing, missing]));

        Assert.Contains("'pdftoppm' exited with code", failed.Message);
        Assert.Contains(Path.GetFileName(missing), failed.Message);
    }

    private static bool Installed(string program)
    {
        try
        {
            return File.Exists(TestPrograms.Locate(program));
        }
        catch (InvalidOperationException)
        {
            return false;
        }
    }
}
