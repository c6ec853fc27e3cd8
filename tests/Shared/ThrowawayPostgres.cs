using System.Net;
using System.Net.Sockets;

namespace ComplianceDashboard.Testing;

/// <summary>
/// A PostgreSQL cluster of its own in a temporary folder, on a free local port, for tests and the benchmark harness:
/// initdb, pg_ctl start, and pg_ctl stop plus the folder removed on dispose. PostgreSQL refuses to run as root, so as root
/// the cluster runs as the postgres user (through runuser) in a folder it owns. Authentication is trust, local only.
/// </summary>
internal sealed class ThrowawayPostgres : IDisposable
{
    /// <summary>Set by tests/run.sh to the connection string of the one cluster it started for the whole run.</summary>
    public const string ConnectionVariable = "COMPLIANCE_TEST_POSTGRES";

    private const string Superuser = "postgres";
    private readonly string _root;
    private readonly string _data;
    private readonly string _settings;
    private bool _stopped;

    private ThrowawayPostgres(string root, string data, int port, bool durable)
    {
        _root = root;
        _data = data;
        Port = port;
        _settings = $"-p {port} -k {data} -c listen_addresses=127.0.0.1 -c max_connections=300" +
                    (durable ? "" : " -c fsync=off -c synchronous_commit=off -c full_page_writes=off");
    }

    public int Port { get; }

    /// <summary>Connects as the superuser to the "postgres" database (create the databases you need from here).</summary>
    public string ConnectionString => $"Host=127.0.0.1;Port={Port};Username={Superuser};Database=postgres";

    /// <param name="durable">False (tests) turns fsync and full-page writes off: a crash loses the cluster, which is thrown away anyway. True (benchmarks) keeps the server's durable defaults.</param>
    public static ThrowawayPostgres Start(bool durable = false)
    {
        SweepStoppedLeftovers();
        var root = Path.Combine(Path.GetTempPath(), $"{FolderPrefix}{Guid.NewGuid():N}"[..18]);
        Directory.CreateDirectory(root);
        // The cluster's own user creates (and so owns) the data folder inside this one.
        if (OperatingSystem.IsLinux()) File.SetUnixFileMode(root, (UnixFileMode)0x1FF);
        var data = Path.Combine(root, "data");
        var port = FreePort();
        var cluster = new ThrowawayPostgres(root, data, port, durable);
        try
        {
            RunAsClusterUser("initdb", ["-D", data, "--auth=trust", "-U", Superuser, "--encoding=UTF8", "--locale=C.UTF-8", "--no-sync"]);
            cluster.Resume();
            return cluster;
        }
        catch
        {
            cluster.Dispose();
            throw;
        }
    }

    /// <summary>Stops the server (fast shutdown: sessions end), keeping its data, as an outage would.</summary>
    public void Pause() => RunAsClusterUser("pg_ctl", ["-D", _data, "-m", "fast", "-w", "stop"]);

    /// <summary>Starts the (paused) server again on the same port and data; returns once it accepts connections.</summary>
    public void Resume() =>
        RunAsClusterUser("pg_ctl", ["-D", _data, "-l", Path.Combine(_data, "server.log"), "-o", _settings, "-w", "-t", "60", "start"]);

    /// <summary>Stops the server (fast shutdown) and deletes its folder.</summary>
    public void Dispose()
    {
        if (!_stopped && File.Exists(Path.Combine(_data, "postmaster.pid")))
        {
            try
            {
                RunAsClusterUser("pg_ctl", ["-D", _data, "-m", "fast", "-w", "stop"]);
            }
            catch (InvalidOperationException)
            {
                // Already stopped; the folder goes anyway.
            }
        }
        _stopped = true;
        if (Directory.Exists(_root)) Directory.Delete(_root, recursive: true);
    }

    private const string FolderPrefix = "cd-pg-";

    /// <summary>
    /// The test runner may end a test process right after its clusters were stopped and before their folders were deleted
    /// (stopping happens at process exit). A folder left like that (no server running in it, an hour old) is deleted here.
    /// </summary>
    private static void SweepStoppedLeftovers()
    {
        foreach (var folder in Directory.GetDirectories(Path.GetTempPath(), FolderPrefix + "*"))
        {
            if (File.Exists(Path.Combine(folder, "data", "postmaster.pid")) || Directory.GetLastWriteTimeUtc(folder) > DateTime.UtcNow.AddHours(-1)) continue;
            try
            {
                Directory.Delete(folder, recursive: true);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                // Another user's or still in use: leave it.
            }
        }
    }

    private static void RunAsClusterUser(string program, IReadOnlyList<string> arguments)
    {
        if (Environment.UserName != "root")
        {
            TestPrograms.Run(program, arguments);
            return;
        }
        TestPrograms.Run("runuser", ["-u", Superuser, "--", TestPrograms.Locate(program), .. arguments]);
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
