namespace ComplianceDashboard.Web.Hosting;

/// <summary>
/// Probes for operators and load balancers: <c>/health/live</c> (the process is up and answers), <c>/health/ready</c> (this
/// instance can serve: the store answers, its schema has every migration of this release, and the app is not stopping),
/// and <c>/health</c> as before (the store answers).
/// </summary>
public static class HealthEndpoints
{
    public static void MapHealthEndpoints(this IEndpointRouteBuilder app)
    {
        // 503 while the store cannot be used (a PostgreSQL server that is down), 200 again once it answers, without a restart.
        app.MapGet("/health", (SelectedStore store, IServiceProvider services) => store.IsAvailable(services) ? Results.Ok(new { status = "ok" }) : Results.StatusCode(503))
            .AllowAnonymous().ExcludeFromDescription();
        app.MapGet("/health/live", () => Results.Ok(new { status = "live" })).AllowAnonymous().ExcludeFromDescription();
        app.MapGet("/health/ready", Ready).AllowAnonymous().ExcludeFromDescription();
    }

    private static IResult Ready(SelectedStore store, IServiceProvider services, IHostApplicationLifetime lifetime)
    {
        // A stopping instance leaves the pool at once, so the balancer sends no new sessions to it while it drains.
        var reason = lifetime.ApplicationStopping.IsCancellationRequested ? "The app is stopping." : store.Unready(services);
        return reason is null
            ? Results.Ok(new { status = "ready" })
            : Results.Json(new { status = "unready", reason }, statusCode: StatusCodes.Status503ServiceUnavailable);
    }
}
