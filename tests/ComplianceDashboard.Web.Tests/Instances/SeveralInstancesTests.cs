using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using ComplianceDashboard.Core.Common;
using ComplianceDashboard.Core.Identity;
using ComplianceDashboard.Testing.Instances;
using ComplianceDashboard.Web.Tests.Hosting;
using ComplianceDashboard.Web.Tests.Objections;
using Microsoft.Extensions.DependencyInjection;

namespace ComplianceDashboard.Web.Tests.Instances;

/// <summary>
/// Two real app processes on one PostgreSQL database behave as one application: what one commits, the other serves within
/// the documented bounds (docs/operations.md, "Several instances"), sessions and keys work and end everywhere, counts are
/// exact under concurrent writers, and a killed instance leaves nothing half-written.
/// </summary>
public sealed class SeveralInstancesTests(TwoInstances apps) : IClassFixture<TwoInstances>
{
    private static readonly TimeSpan CoherenceBound = TimeSpan.FromSeconds(2);
    private static readonly TimeSpan KeyRevocationBound = TimeSpan.FromSeconds(5);
    private static readonly TimeSpan SessionEndBound = TimeSpan.FromSeconds(15);

    private string Key(ApiScope scopes) =>
        apps.Operator.GetRequiredService<ApiKeyService>().Create(Actor.CommandLine, $"pipeline {Guid.NewGuid():N}", scopes).Value.Secret;

    private static string[] Ids(int count) => Enumerable.Range(1, count).Select(i => $"inst-{Guid.NewGuid():N}-{i}").ToArray();

    private static async Task<HttpResponseMessage> ImportAsync(AppInstance app, string key, string csv)
    {
        using var client = app.Client();
        using var request = AppInstance.WithKey(HttpMethod.Post, "/api/v1/objections", key, new StringContent(csv, Encoding.UTF8, "text/csv"));
        return await client.SendAsync(request);
    }

    private static async Task<long> ReceivedInUkAsync(AppInstance app, string key)
    {
        using var client = app.Client();
        using var request = AppInstance.WithKey(HttpMethod.Get, "/api/v1/objections/metrics?jurisdiction=UK", key);
        using var response = await client.SendAsync(request);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("received").GetInt64();
    }

    private static async Task<HttpStatusCode> StatusAsync(AppInstance app, string path, string key)
    {
        using var client = app.Client();
        using var request = AppInstance.WithKey(HttpMethod.Get, path, key);
        using var response = await client.SendAsync(request);
        return response.StatusCode;
    }

    private static async Task<JsonElement> AuditVerificationAsync(AppInstance app, string key)
    {
        using var client = app.Client();
        using var request = AppInstance.WithKey(HttpMethod.Get, "/api/v1/audit/verify", key);
        using var response = await client.SendAsync(request);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return await response.Content.ReadFromJsonAsync<JsonElement>();
    }

    [Fact]
    public async Task AnImportAcknowledgedByA_ShowsInBsMetrics_WithinTwoSeconds()
    {
        var key = Key(ApiScope.Ingest | ApiScope.Read);
        var before = await ReceivedInUkAsync(apps.B, key);

        using var imported = await ImportAsync(apps.A, key, ObjectionApiTests.Csv(Ids(25)));
        Assert.Equal(HttpStatusCode.OK, imported.StatusCode);

        await Eventually.WithinAsync(CoherenceBound, "B's metrics to include the 25 objections A acknowledged",
            async () => await ReceivedInUkAsync(apps.B, key) == before + 25);
    }

    [Fact]
    public async Task ACookieSignedInOnA_IsAcceptedByB()
    {
        var cookies = new CookieContainer();
        using var onA = apps.A.Client(cookies);
        await onA.SignInAsync(Browser.DemoEmail(Role.Auditor));
        using var onB = apps.B.Client(cookies);

        using var page = await onB.GetAsync("/objections");

        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        Assert.Contains("Aisha Auditor", await page.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task AUserDisabledByAnotherInstance_LosesTheirSessionOnB_WithinFifteenSeconds()
    {
        var cookies = new CookieContainer();
        using var onA = apps.A.Client(cookies);
        await onA.SignInAsync(Browser.DemoEmail(Role.Dpo));
        using var onB = apps.B.Client(cookies);
        using (var before = await onB.GetAsync("/objections"))
            Assert.Equal(HttpStatusCode.OK, before.StatusCode);

        Assert.True(apps.Operator.GetRequiredService<UserService>().Disable(Actor.CommandLine, Browser.DemoEmail(Role.Dpo)).Succeeded);

        await Eventually.WithinAsync(SessionEndBound, "B to send the disabled user back to sign-in", async () =>
        {
            using var after = await onB.GetAsync("/objections");
            return after.StatusCode == HttpStatusCode.Redirect && after.RedirectTarget().StartsWith("/signin", StringComparison.Ordinal);
        });
    }

    [Fact]
    public async Task AKeyRevokedByAnotherInstance_IsRefusedByAAndB_WithinFiveSeconds()
    {
        var keys = apps.Operator.GetRequiredService<ApiKeyService>();
        var issued = keys.Create(Actor.CommandLine, "pipeline to revoke", ApiScope.Read).Value;
        // Both instances have the key in their caches.
        Assert.Equal(HttpStatusCode.OK, await StatusAsync(apps.A, "/api/v1/jurisdictions", issued.Secret));
        Assert.Equal(HttpStatusCode.OK, await StatusAsync(apps.B, "/api/v1/jurisdictions", issued.Secret));

        Assert.True(keys.Revoke(Actor.CommandLine, issued.Key.Id).Succeeded);

        await Eventually.WithinAsync(KeyRevocationBound, "A and B to refuse the revoked key", async () =>
            await StatusAsync(apps.A, "/api/v1/jurisdictions", issued.Secret) == HttpStatusCode.Unauthorized &&
            await StatusAsync(apps.B, "/api/v1/jurisdictions", issued.Secret) == HttpStatusCode.Unauthorized);
    }

    [Fact]
    public async Task FailedSignInsAtTheSameMomentOnAAndB_BothCount_EachWithItsAuditEntry()
    {
        var email = Browser.DemoEmail(Role.LegalReviewer);
        using var onA = apps.A.Client(new CookieContainer());
        using var onB = apps.B.Client(new CookieContainer());

        var attempts = await Task.WhenAll(onA.PostSignInAsync(email, "wrong password on A"), onB.PostSignInAsync(email, "wrong password on B"));

        Assert.All(attempts, a => Assert.StartsWith("/signin?error=failed", a.RedirectTarget()));
        Assert.Equal(2, apps.Operator.GetRequiredService<SignInService>().RecentFailures(email));
        Assert.Equal(2L, apps.Query<long>("SELECT count(*) FROM audit WHERE action = 'signin.failed' AND entity_id = $1", email));
        Assert.Equal(["Wrong password (1 of 5)", "Wrong password (2 of 5)"],
            apps.Operator.GetRequiredService<Core.Audit.IAuditLog>().ReadAll().Where(e => e.Action == "signin.failed" && e.EntityId == email)
                .Select(e => e.Summary).Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task ConcurrentImportsOnBothInstances_CountEveryObjectionOnce_AndTheAuditChainVerifiesOnBoth()
    {
        var key = Key(ApiScope.Ingest | ApiScope.Read);
        var before = await ReceivedInUkAsync(apps.A, key);
        var files = Enumerable.Range(0, 6).Select(_ => ObjectionApiTests.Csv(Ids(40))).ToArray();

        // Every file is sent to both instances at once: each objection is new to exactly one of the two imports.
        var imports = await Task.WhenAll(files.SelectMany(f => new[] { ImportAsync(apps.A, key, f), ImportAsync(apps.B, key, f) }));

        Assert.All(imports, i => Assert.Equal(HttpStatusCode.OK, i.StatusCode));
        var inserted = 0;
        foreach (var import in imports) inserted += (await import.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("inserted").GetInt32();
        Assert.Equal(6 * 40, inserted);
        Assert.Equal(before + 6 * 40, await ReceivedInUkAsync(apps.A, key));
        Assert.Equal(before + 6 * 40, await ReceivedInUkAsync(apps.B, key));
        foreach (var app in new[] { apps.A, apps.B })
            Assert.True((await AuditVerificationAsync(app, key)).GetProperty("intact").GetBoolean(), $"the audit chain as {app.Name} verifies it");
    }

    [Fact]
    public async Task KillingAnInstanceDuringAnImport_LeavesNothingOfTheImport_AndTheOthersKeepServing()
    {
        var key = Key(ApiScope.Ingest | ApiScope.Read);
        await using var doomed = await AppInstance.StartAsync("C", apps.Settings("C"), TwoInstances.StartBound);
        var before = await ReceivedInUkAsync(apps.B, key);
        var ids = Ids(150_000);

        var import = ImportAsync(doomed, key, ObjectionApiTests.Csv(ids));
        // Mid-import: C's import transaction has written (it holds a transaction id) and has not committed.
        await Eventually.WithinAsync(TimeSpan.FromMinutes(2), "C's import transaction to be open", () => Task.FromResult(
            apps.Query<long>("SELECT count(*) FROM pg_stat_activity WHERE application_name = $1 AND backend_xid IS NOT NULL", TwoInstances.ApplicationName("C")) > 0));
        doomed.Kill();

        await Assert.ThrowsAnyAsync<HttpRequestException>(() => import);
        Assert.Equal(before, await ReceivedInUkAsync(apps.A, key));
        Assert.Equal(before, await ReceivedInUkAsync(apps.B, key));
        Assert.Equal(HttpStatusCode.NotFound, await StatusAsync(apps.B, $"/api/v1/objections/{ids[0]}", key));
        Assert.Equal(0L, apps.Query<long>("SELECT count(*) FROM objections WHERE id = ANY($1)", (object)new[] { ids[0], ids[^1] }));
        using var after = await ImportAsync(apps.B, key, ObjectionApiTests.Csv(Ids(3)));
        Assert.Equal(HttpStatusCode.OK, after.StatusCode);
        Assert.Equal(before + 3, await ReceivedInUkAsync(apps.A, key));
        Assert.True((await AuditVerificationAsync(apps.B, key)).GetProperty("intact").GetBoolean());
    }
}
