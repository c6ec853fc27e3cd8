using System.Net;
using System.Security.Cryptography;
using ComplianceDashboard.Core.Common;
using ComplianceDashboard.Core.Identity;
using ComplianceDashboard.Storage.LiteDb.Common;
using ComplianceDashboard.Web.Api;
using ComplianceDashboard.Web.Auth;
using ComplianceDashboard.Web.Tests.Hosting;
using Microsoft.Extensions.DependencyInjection;

namespace ComplianceDashboard.Web.Tests.Integration;

public sealed class BackupEndpointTests(DashboardFactory factory) : IClassFixture<DashboardFactory>, IDisposable
{
    private readonly TempFolder _folder = new();

    public void Dispose() => _folder.Dispose();

    private string Key(ApiScope scopes) => factory.Services.GetRequiredService<ApiKeyService>().Create(Actor.CommandLine, $"key-{Guid.NewGuid():N}", scopes).Value.Secret;

    private async Task<HttpResponseMessage> PostAsync(string? key)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/v1/backups");
        if (key is not null) request.Headers.Add(ApiKeyAuthenticationHandler.Header, key);
        return await factory.CreateClient().SendAsync(request);
    }

    /// <summary>Restores the downloaded bytes into a fresh folder, which checks that they open as a store with an intact chain.</summary>
    private RestoreReport Restore(byte[] backup)
    {
        var file = Path.Combine(_folder.Path, $"{Guid.NewGuid():N}.db");
        File.WriteAllBytes(file, backup);
        var restored = StoreRestore.Restore(file, Path.Combine(_folder.Path, Guid.NewGuid().ToString("N")), force: false, TimeProvider.System);
        Assert.True(restored.Succeeded, restored.Failure?.Message);
        return restored.Value;
    }

    [Fact]
    public async Task AKeyWithTheBackupScope_DownloadsARestorableStore_WithItsSha256InAHeader()
    {
        using var response = await PostAsync(Key(ApiScope.Backup));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var bytes = await response.Content.ReadAsByteArrayAsync();
        Assert.Equal(Convert.ToHexStringLower(SHA256.HashData(bytes)), Assert.Single(response.Headers.GetValues("X-Backup-Sha256")));
        Assert.StartsWith("compliance-backup-", response.Content.Headers.ContentDisposition?.FileName);
        var restored = Restore(bytes);
        Assert.True(restored.Chain.Intact);
        Assert.Equal(StoreMode.Demo, restored.Info.Mode);
        Assert.True(restored.Counts["objections"] > 0);
    }

    [Fact]
    public async Task TheBackupApi_Answers401WithoutAKey_And403WithoutTheScope()
    {
        using var anonymous = await PostAsync(null);
        using var reader = await PostAsync(Key(ApiScope.Read | ApiScope.Ingest | ApiScope.Reports));

        Assert.Equal(HttpStatusCode.Unauthorized, anonymous.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, reader.StatusCode);
    }

    [Fact]
    public async Task AnAdmin_DownloadsABackup_FromTheAdministrationForm()
    {
        var browser = await factory.SignedInBrowserAsync(Browser.DemoEmail(Role.Admin));
        var token = await browser.AntiforgeryTokenAsync("/administration", "/account/signout");

        using var response = await browser.PostAsync(BackupEndpoints.AdministrationPath,
            new FormUrlEncodedContent(new Dictionary<string, string> { [Browser.AntiforgeryField] = token }));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.True(Restore(await response.Content.ReadAsByteArrayAsync()).Chain.Intact);
    }

    [Fact]
    public async Task TheAdministrationForm_RefusesAPostWithoutTheAntiforgeryToken_AndAnOfficer()
    {
        var admin = await factory.SignedInBrowserAsync(Browser.DemoEmail(Role.Admin));
        var officer = await factory.SignedInBrowserAsync(Browser.DemoEmail(Role.ComplianceOfficer));
        var officerToken = await officer.AntiforgeryTokenAsync("/", "/account/signout");

        using var forged = await admin.PostAsync(BackupEndpoints.AdministrationPath, new FormUrlEncodedContent([]));
        using var byOfficer = await officer.PostAsync(BackupEndpoints.AdministrationPath,
            new FormUrlEncodedContent(new Dictionary<string, string> { [Browser.AntiforgeryField] = officerToken }));

        Assert.Equal(HttpStatusCode.BadRequest, forged.StatusCode);
        Assert.NotEqual(HttpStatusCode.OK, byOfficer.StatusCode);
        Assert.NotEqual("application/octet-stream", byOfficer.Content.Headers.ContentType?.MediaType);
    }
}
