using System.Globalization;
using ComplianceDashboard.Core.Identity;
using ComplianceDashboard.Core.Operations;
using ComplianceDashboard.Web.Auth;
using ComplianceDashboard.Web.Hosting;
using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.Http.HttpResults;

namespace ComplianceDashboard.Web.Api;

/// <summary>Consistent backups while the app runs: for an admin from the Administration page, and for an API key with the backup scope.</summary>
public static class BackupEndpoints
{
    public const string AdministrationPath = "/administration/backup";

    public static void MapBackupEndpoints(this IEndpointRouteBuilder app)
    {
        app.MapPost("/api/v1/backups", Download)
            .RequireAuthorization(Policies.ApiBackup)
            .WithBodyLimit(RequestBodyLimit.Form)
            .Produces<Stream>(StatusCodes.Status200OK, "application/octet-stream")
            .WithTags(ApiDescription.Tags.Backups)
            .WithName("TakeBackup")
            .WithSummary("Takes a consistent backup of the whole store and returns it as a file (restore it with the CLI's restore command).");
        // A form post from the Administration page: the antiforgery token keeps other sites from triggering it.
        app.MapPost(AdministrationPath, async Task<Results<FileStreamHttpResult, ProblemHttpResult>> (HttpContext http, IAntiforgery antiforgery, BackupService backups, TimeProvider clock) =>
                await antiforgery.IsRequestValidAsync(http)
                    ? Download(http, backups, clock)
                    : ApiProblems.Status(StatusCodes.Status400BadRequest, "The form has expired. Reload the Administration page and try again."))
            .RequireAuthorization(Policies.For(Permission.TakeBackups))
            .WithBodyLimit(RequestBodyLimit.Form)
            .DisableAntiforgery()
            .ExcludeFromDescription();
    }

    private static Results<FileStreamHttpResult, ProblemHttpResult> Download(HttpContext http, BackupService backups, TimeProvider clock)
    {
        var stamp = clock.GetUtcNow().UtcDateTime.ToString("yyyy-MM-dd'T'HHmmss'Z'", CultureInfo.InvariantCulture);
        var path = Path.Combine(Path.GetTempPath(), $"compliance-backup-{Guid.NewGuid():N}.db");
        var result = backups.Take(http.User.ToActor(), path);
        if (!result.Succeeded)
        {
            File.Delete(path);
            return ApiProblems.For(result.Failure!);
        }
        http.Response.Headers["X-Backup-Sha256"] = result.Value.Sha256;
        // The temporary copy goes away once the response has been sent.
        var file = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read | FileShare.Delete, 1 << 16, FileOptions.DeleteOnClose);
        return TypedResults.File(file, "application/octet-stream", $"compliance-backup-{stamp}.db");
    }
}
