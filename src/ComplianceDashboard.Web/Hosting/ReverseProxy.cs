using System.Net;
using Microsoft.AspNetCore.HttpOverrides;

namespace ComplianceDashboard.Web.Hosting;

/// <summary>
/// The "ComplianceDashboard:ReverseProxy" section: whether to believe X-Forwarded-For and X-Forwarded-Proto from a
/// TLS-terminating proxy, and which proxies to believe. Off by default: a directly exposed app must not let any
/// client choose the address that sign-in limits and the audit log see.
/// </summary>
public sealed class ReverseProxyOptions
{
    public const string Section = "ComplianceDashboard:ReverseProxy";

    /// <summary>Apply X-Forwarded-For and X-Forwarded-Proto from a known proxy.</summary>
    public bool Enabled { get; set; }

    /// <summary>Addresses of the proxies to believe. Empty: loopback only (a proxy on the same machine).</summary>
    public string[] KnownProxies { get; set; } = [];

    /// <summary>Networks (CIDR, e.g. 10.0.0.0/24) of the proxies to believe, for proxies whose address changes.</summary>
    public string[] KnownNetworks { get; set; } = [];
}

public static class ReverseProxySetup
{
    public static IServiceCollection AddReverseProxySupport(this IServiceCollection services, IConfiguration configuration)
    {
        var proxy = configuration.GetSection(ReverseProxyOptions.Section).Get<ReverseProxyOptions>() ?? new ReverseProxyOptions();
        services.AddSingleton(proxy);
        services.Configure<ForwardedHeadersOptions>(options =>
        {
            // Host is not taken from X-Forwarded-Host: the proxy passes the Host header through (proxy_set_header Host).
            options.ForwardedHeaders = ForwardedHeaders.XForwardedFor | ForwardedHeaders.XForwardedProto;
            foreach (var address in proxy.KnownProxies) options.KnownProxies.Add(IPAddress.Parse(address));
            foreach (var network in proxy.KnownNetworks) options.KnownIPNetworks.Add(System.Net.IPNetwork.Parse(network));
        });
        return services;
    }

    /// <summary>First in the pipeline, so HTTPS redirection, cookies, rate limits and the audit log see the real client.</summary>
    public static WebApplication UseReverseProxySupport(this WebApplication app)
    {
        if (app.Services.GetRequiredService<ReverseProxyOptions>().Enabled) app.UseForwardedHeaders();
        return app;
    }
}
