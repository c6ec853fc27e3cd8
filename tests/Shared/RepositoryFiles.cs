namespace ComplianceDashboard.Testing;

/// <summary>The repository the tests run from: its root folder (the one holding ComplianceDashboard.sln) and its files.</summary>
internal static class RepositoryFiles
{
    private static readonly Lazy<string> RootFolder = new(() =>
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "ComplianceDashboard.sln"))) return dir.FullName;
        throw new InvalidOperationException("The repository root (with ComplianceDashboard.sln) is not above the test binaries.");
    });

    public static string Root => RootFolder.Value;

    /// <summary>The full path of a file given relative to the repository root with '/' separators.</summary>
    public static string PathOf(string relative) => Path.Combine([Root, .. relative.Split('/')]);

    public static string Read(string relative) => File.ReadAllText(PathOf(relative));
}
