using System.Net;
using System.Text;
using System.Text.Json;
using ComplianceDashboard.Core.Audit;
using ComplianceDashboard.Core.Common;
using ComplianceDashboard.Core.Identity;
using ComplianceDashboard.Core.Objections;
using ComplianceDashboard.Web.Auth;
using ComplianceDashboard.Web.Tests.Hosting;
using Microsoft.Extensions.DependencyInjection;

namespace ComplianceDashboard.Web.Tests.HostileInput;

/// <summary>
/// The findings of issue 20, each as it was reported: identifiers carrying control or bidi characters were stored, and an
/// oversize field in a small file was answered 413 for the whole request.
/// </summary>
public sealed class HostileInputFindingsTests(KestrelDashboardFactory factory) : IClassFixture<KestrelDashboardFactory>
{
    private const string Header = "objection_id,subject_ref,jurisdiction,platform,channel,received_at,status,resolved_at,refusal_grounds,prior_objection,extension_notified_at";

    private static string Row(string id, string subject = "s-1", string grounds = "", string status = "honoured") =>
        $"{id},{subject},UK,instagram,email,2025-06-01T09:00:00Z,{status},2025-06-02T09:00:00Z,{grounds},false,";

    private string Key(ApiScope scope) =>
        factory.Services.GetRequiredService<ApiKeyService>().Create(Actor.CommandLine, $"key {Guid.NewGuid():N}", scope).Value.Secret;

    private long AuditCount => factory.Services.GetRequiredService<IAuditLog>().Head().Count;

    private async Task<(HttpStatusCode Status, JsonElement Body)> PostObjectionsAsync(string key, string csv, bool multipart = false)
    {
        HttpContent content = new StringContent(csv, Encoding.UTF8, "text/csv");
        if (multipart) content = new MultipartFormDataContent { { content, "file", "objections.csv" } };
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/v1/objections") { Content = content };
        request.Headers.Add(ApiKeyAuthenticationHandler.Header, key);
        using var response = await factory.CreateClient().SendAsync(request);
        return (response.StatusCode, JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.Clone());
    }

    private static (int Line, string? Column, string Message) OnlyError(JsonElement problem)
    {
        var error = Assert.Single(problem.GetProperty("errors").EnumerateArray());
        return (error.GetProperty("line").GetInt32(), error.GetProperty("column").GetString(), error.GetProperty("message").GetString()!);
    }

    [Theory]
    [InlineData("s-\u0000-1", "U+0000")]
    [InlineData("s-\u202E-1", "U+202E")]
    [InlineData("\u200Bs-1", "U+200B")]
    public async Task ASubjectRefWithAControlOrFormatCharacter_Is400_NamingLineAndColumn_AndNothingIsStored(string subject, string named)
    {
        var id = $"HOSTILE-{Guid.NewGuid():N}";
        var key = Key(ApiScope.Ingest);
        var before = AuditCount;

        var (status, problem) = await PostObjectionsAsync(key, $"{Header}\n{Row($"{id}-ok")}\n{Row(id, subject)}\n");

        Assert.Equal(HttpStatusCode.BadRequest, status);
        var (line, column, message) = OnlyError(problem);
        Assert.Equal((3, "subject_ref"), (line, column));
        Assert.Contains(named, message);
        Assert.Equal(before, AuditCount);
        Assert.Null(factory.Services.GetRequiredService<IObjectionRepository>().Find($"{id}-ok"));
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task AFiveMegabyteFieldInASmallFile_Is400_NamingLineColumnAndTheLimit_Not413(bool multipart)
    {
        var id = $"HOSTILE-{Guid.NewGuid():N}";
        var key = Key(ApiScope.Ingest);
        var before = AuditCount;
        var csv = $"{Header}\n{Row($"{id}-ok")}\n{Row(id, grounds: new string('g', 5 * 1024 * 1024), status: "refused")}\n";

        var (status, problem) = await PostObjectionsAsync(key, csv, multipart);

        Assert.Equal(HttpStatusCode.BadRequest, status);
        var (line, column, message) = OnlyError(problem);
        Assert.Equal((3, "refusal_grounds"), (line, column));
        Assert.Contains(RequestBudget.Defaults.MaxFieldChars.ToString("N0", System.Globalization.CultureInfo.InvariantCulture), message);
        Assert.Equal(before, AuditCount);
    }

    [Fact]
    public async Task ATrainingRunIdWithARightToLeftOverride_Is400_NamingTheField()
    {
        var now = factory.Services.GetRequiredService<TimeProvider>().GetUtcNow().UtcDateTime;
        var body = JsonSerializer.Serialize(new
        {
            jurisdiction = "UK", runId = "run-\u202Etxt.exe", datasetSnapshotId = "snap-1",
            dataCutoffAt = now.AddDays(-3).ToString("O"), objectionCutoffAt = now.AddDays(-2).ToString("O"),
            suppressionListSha256 = new string('a', 64), suppressionListSize = 1, objectorsFoundAfterExclusion = 0,
        });
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/v1/training-runs") { Content = new StringContent(body, Encoding.UTF8, "application/json") };
        request.Headers.Add(ApiKeyAuthenticationHandler.Header, Key(ApiScope.Ingest));

        using var response = await factory.CreateClient().SendAsync(request);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var problem = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;
        Assert.Contains("U+202E", Assert.Single(problem.GetProperty("fieldErrors").GetProperty("runId").EnumerateArray()).GetString());
    }
}

/// <summary>The real app on Kestrel on a free port (the path a pipeline's request takes), on its own demo store.</summary>
public sealed class KestrelDashboardFactory : DashboardFactory
{
    public KestrelDashboardFactory()
    {
        UseKestrel(0);
        StartServer();
    }
}
