using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace ComplianceDashboard.Testing;

/// <summary>
/// Debian's nginx in front of app instances, as docs/operations.md configures it for production (without TLS): one
/// upstream, sticky by the session cookie, WebSockets passed through. It runs without root from a temp folder (-p, -c;
/// pid, logs and temp files in that folder), in the foreground (daemon off), and is stopped by its process id. Used by the
/// load harness (browsers behind a router) and by the tests of its configuration.
/// </summary>
internal sealed class NginxRouter : IDisposable
{
    public const string InstallHint =
        "nginx is not installed, so the phase behind a router is skipped. Install Debian's package (no service needs to run: " +
        "the harness starts nginx itself, without root): apt-get update && apt-get install -y nginx";

    /// <summary>The response header naming the instance (its upstream address) that answered, added for the harness and tests.</summary>
    public const string UpstreamHeader = "X-Upstream";

    private readonly Process _process;
    private readonly string _folder;

    private NginxRouter(Process process, string folder, Uri address)
    {
        _process = process;
        _folder = folder;
        Address = address;
    }

    public Uri Address { get; }

    /// <summary>The nginx executable (tests/programs.txt says where Debian installs it), or null when it is not installed.</summary>
    public static string? Locate() => TestPrograms.Find("nginx");

    /// <summary>Writes the configuration into <paramref name="folder"/>, starts nginx and waits until it answers.</summary>
    public static async Task<NginxRouter> StartAsync(string nginx, IReadOnlyList<Uri> instances, string folder)
    {
        Directory.CreateDirectory(folder);
        var port = FreePort();
        var configuration = Path.Combine(folder, "nginx.conf");
        await File.WriteAllTextAsync(configuration, Configuration(instances, port, folder));
        var start = new ProcessStartInfo(nginx) { UseShellExecute = false, RedirectStandardError = true, RedirectStandardOutput = true };
        // -e: the error log before the configuration is read (the compiled-in /var/log/nginx is root's).
        foreach (var argument in new[] { "-p", folder, "-c", configuration, "-e", Path.Combine(folder, "error.log") }) start.ArgumentList.Add(argument);
        var process = Process.Start(start) ?? throw new InvalidOperationException("nginx did not start.");
        var router = new NginxRouter(process, folder, new Uri($"http://127.0.0.1:{port}/"));
        try
        {
            using var probe = new HttpClient { BaseAddress = router.Address, Timeout = TimeSpan.FromSeconds(5) };
            await Conditions.UntilAsync(async () =>
            {
                if (process.HasExited) throw new InvalidOperationException($"nginx exited with {process.ExitCode}: {await process.StandardError.ReadToEndAsync()}{router.ErrorLog()}");
                try
                {
                    using var live = await probe.GetAsync("health/live");
                    return live.StatusCode == HttpStatusCode.OK;
                }
                catch (HttpRequestException)
                {
                    return false;
                }
            }, "nginx answering /health/live from an instance", TimeSpan.FromSeconds(30));
            return router;
        }
        catch
        {
            router.Dispose();
            throw;
        }
    }

    /// <summary>
    /// The configuration: every instance in one upstream, placed by a consistent hash of the session cookie's value. The
    /// cookie is "cd.session", and nginx's $cookie_NAME variables cannot name a cookie with a dot, so a map takes the value
    /// out of the Cookie header; a request without it (before signing in) is placed by the client's address. Open-source
    /// nginx has no "sticky cookie"; a consistent hash needs no state in the router, and when an instance leaves the upstream
    /// only the sessions that were on it move. Connections to the instances are kept alive (Connection is sent empty for a
    /// request that is not an upgrade). WebSockets (Blazor's circuit under /_blazor) are passed through with HTTP/1.1,
    /// the Upgrade and Connection headers and a long read timeout. X-Upstream names the instance that answered (for the
    /// harness; leave it out in production).
    /// </summary>
    public static string Configuration(IReadOnlyList<Uri> instances, int port, string folder)
    {
        var servers = new StringBuilder();
        foreach (var instance in instances)
            servers.Append(CultureInfo.InvariantCulture, $"        server {instance.Host}:{instance.Port} max_fails=1 fail_timeout=10s;\n");
        return $$"""
            daemon off;
            worker_processes 1;
            pid {{folder}}/nginx.pid;
            error_log {{folder}}/error.log warn;
            events { worker_connections 4096; }
            http {
                access_log off;
                client_body_temp_path {{folder}}/client_body;
                proxy_temp_path {{folder}}/proxy;
                fastcgi_temp_path {{folder}}/fastcgi;
                uwsgi_temp_path {{folder}}/uwsgi;
                scgi_temp_path {{folder}}/scgi;

                map $http_upgrade $connection_upgrade {
                    default upgrade;
                    ''      '';
                }
                map $http_cookie $compliance_session {
                    "~(?:^|;\s*)cd\.session=(?<session>[^;]+)" $session;
                    default $remote_addr;
                }
                upstream compliancedashboard {
                    hash $compliance_session consistent;
            {{servers}}        keepalive 32;
                }
                server {
                    listen 127.0.0.1:{{port}};
                    client_max_body_size 256m;
                    location / {
                        proxy_pass         http://compliancedashboard;
                        proxy_http_version 1.1;
                        proxy_set_header   Upgrade           $http_upgrade;
                        proxy_set_header   Connection        $connection_upgrade;
                        proxy_set_header   Host              $http_host;
                        proxy_set_header   X-Forwarded-For   $proxy_add_x_forwarded_for;
                        proxy_set_header   X-Forwarded-Proto $scheme;
                        proxy_read_timeout 1h;
                        proxy_send_timeout 1h;
                        proxy_request_buffering off;
                        proxy_buffering    off;
                        add_header         {{UpstreamHeader}}        $upstream_addr always;
                    }
                }
            }

            """;
    }

    private string ErrorLog()
    {
        var log = Path.Combine(_folder, "error.log");
        return File.Exists(log) ? "\n" + File.ReadAllText(log) : "";
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    public void Dispose()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            _process.WaitForExit(10_000);
        }
        _process.Dispose();
    }
}
