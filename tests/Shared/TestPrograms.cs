using System.Diagnostics;

namespace ComplianceDashboard.Testing;

/// <summary>
/// Starts the external programs tests rely on. Only the programs listed in tests/programs.txt may be started: tests/run.sh
/// installs each of them, so a test cannot pass on a developer's machine and fail on a new one.
/// </summary>
internal static class TestPrograms
{
    private static readonly Lazy<IReadOnlyDictionary<string, ListedProgram>> Listed = new(ReadList);

    /// <summary>A program of the list: its name, the Debian packages that provide it and where else to look for it.</summary>
    public sealed record ListedProgram(string Name, IReadOnlyList<string> Packages, IReadOnlyList<string> SearchFolders);

    public static IReadOnlyCollection<ListedProgram> All => [.. Listed.Value.Values];

    /// <summary>The full path of a listed program; throws naming the program when it is not listed or not installed.</summary>
    public static string Locate(string program) =>
        Find(program) ?? throw new InvalidOperationException(
            $"The program '{program}' is not installed. Run tests/run.sh, which installs it, or install the Debian package(s) {string.Join(", ", Require(program).Packages)}.");

    /// <summary>The full path of a listed program, or null when it is not installed; throws when it is not listed.</summary>
    public static string? Find(string program)
    {
        var listed = Require(program);
        if (program == "chromium" && Environment.GetEnvironmentVariable("CHROMIUM_PATH") is { Length: > 0 } chromium)
            return chromium;
        var folders = listed.SearchFolders.SelectMany(Expand)
            .Concat((Environment.GetEnvironmentVariable("PATH") ?? "").Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries));
        return folders.Select(folder => Path.Combine(folder, program)).FirstOrDefault(File.Exists);
    }

    /// <summary>Starts a listed program with <paramref name="arguments"/>, standard output and error redirected.</summary>
    public static Process Start(string program, IEnumerable<string> arguments, Action<ProcessStartInfo>? configure = null)
    {
        var start = new ProcessStartInfo(Locate(program))
        {
            UseShellExecute = false,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        foreach (var argument in arguments) start.ArgumentList.Add(argument);
        configure?.Invoke(start);
        return Process.Start(start) ?? throw new InvalidOperationException($"'{program}' did not start.");
    }

    /// <summary>Runs a listed program to its end; throws with its error output when it exits with a non-zero code.</summary>
    public static string Run(string program, IEnumerable<string> arguments, Action<ProcessStartInfo>? configure = null)
    {
        using var process = Start(program, arguments, configure);
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEnd();
        process.WaitForExit();
        if (process.ExitCode != 0)
            throw new InvalidOperationException($"'{program}' exited with code {process.ExitCode}: {error.Trim()}");
        return output.Result;
    }

    private static ListedProgram Require(string program) =>
        Listed.Value.TryGetValue(program, out var listed)
            ? listed
            : throw new InvalidOperationException(
                $"Tests may not start '{program}': it is not in tests/programs.txt. Add it there with the Debian package that provides it, so that tests/run.sh installs it on a new machine.");

    private static IEnumerable<string> Expand(string folder)
    {
        var star = folder.IndexOf('*');
        if (star < 0) return [folder];
        var parent = Path.GetDirectoryName(folder[..star])!;
        if (!Directory.Exists(parent)) return [];
        var pattern = folder[(parent.Length + 1)..];
        var head = pattern.Split('/')[0];
        var tail = pattern[head.Length..].TrimStart('/');
        // Newest first, e.g. /usr/lib/postgresql/16/bin before /usr/lib/postgresql/15/bin.
        return Directory.GetDirectories(parent, head).OrderDescending(StringComparer.Ordinal).Select(d => tail.Length == 0 ? d : Path.Combine(d, tail));
    }

    private static IReadOnlyDictionary<string, ListedProgram> ReadList()
    {
        var path = Path.Combine(AppContext.BaseDirectory, "programs.txt");
        if (!File.Exists(path)) throw new InvalidOperationException($"The list of programs tests may start is missing from the test output ({path}).");
        var programs = new Dictionary<string, ListedProgram>(StringComparer.Ordinal);
        foreach (var raw in File.ReadLines(path))
        {
            var line = raw.Trim();
            if (line.Length == 0 || line.StartsWith('#')) continue;
            var fields = line.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries);
            var folders = fields.Length > 2 ? fields[2].Split(':', StringSplitOptions.RemoveEmptyEntries) : [];
            programs[fields[0]] = new ListedProgram(fields[0], fields[1].Split(','), folders);
        }
        return programs;
    }
}
