using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;

namespace ComplianceDashboard.Web.Tests.Limits;

/// <summary>
/// Lets a test choose the client address of a request (the in-memory test server has none) with the
/// <see cref="Header"/> header, so per-address limits can be exercised from several "machines".
/// </summary>
public sealed class ClientAddress : IStartupFilter
{
    public const string Header = "X-Test-Client-Address";

    public Action<IApplicationBuilder> Configure(Action<IApplicationBuilder> next) => app =>
    {
        app.Use((context, following) =>
        {
            if (context.Request.Headers.TryGetValue(Header, out var address))
                context.Connection.RemoteIpAddress = IPAddress.Parse(address.ToString());
            return following(context);
        });
        next(app);
    };
}
