using System.Net;
using System.Net.Http.Headers;
using System.Text;
using ComplianceDashboard.Core.Identity;
using ComplianceDashboard.Core.Rollout;
using ComplianceDashboard.Web.Api;
using ComplianceDashboard.Web.Tests.Hosting;
using Microsoft.Extensions.DependencyInjection;

namespace ComplianceDashboard.Web.Tests.Rollout;

/// <summary>The UI's upload endpoint: a signed-in compliance officer's cookie plus an antiforgery token.</summary>
public sealed class DeliveryUploadEndpointTests : IClassFixture<RolloutApiFactory>
{
    private readonly RolloutApiFactory _factory;

    public DeliveryUploadEndpointTests(RolloutApiFactory factory)
    {
        _factory = factory;
        factory.EnsureTestCampaign();
    }

    private int StoredRows => _factory.Services.GetRequiredService<IDeliveryStatsRepository>().OfCampaign("TEST-FB").Count;

    private static MultipartFormDataContent Form(int day, string? token)
    {
        var form = new MultipartFormDataContent();
        if (token is not null) form.Add(new StringContent(token), Browser.AntiforgeryField);
        var file = new ByteArrayContent(Encoding.UTF8.GetBytes(
            $"{RolloutApiFactory.Header}\nTEST-FB,wave-1,{RolloutApiFactory.Start.AddDays(day):yyyy-MM-dd},facebook,email,1000,10,9,8,1,0,0,0,0"));
        file.Headers.ContentType = new MediaTypeHeaderValue("text/csv");
        form.Add(file, "file", "upload.csv");
        return form;
    }

    [Fact]
    public async Task AnOfficerWithTheFormToken_ImportsTheFile()
    {
        using var browser = await _factory.SignedInBrowserAsync(Browser.DemoEmail(Role.ComplianceOfficer));
        var token = await browser.AntiforgeryTokenAsync("/", "/account/signout");

        using var response = await browser.PostAsync(RolloutEndpoints.UploadPath, Form(50, token));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("\"inserted\":1", await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task AnUploadWithoutTheFormToken_IsRejected_AndWritesNothing()
    {
        using var browser = await _factory.SignedInBrowserAsync(Browser.DemoEmail(Role.ComplianceOfficer));
        var before = StoredRows;

        using var response = await browser.PostAsync(RolloutEndpoints.UploadPath, Form(51, token: null));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal(before, StoredRows);
    }

    [Fact]
    public async Task AnAuditor_MayNotUpload()
    {
        using var browser = await _factory.SignedInBrowserAsync(Browser.DemoEmail(Role.Auditor));
        var token = await browser.AntiforgeryTokenAsync("/", "/account/signout");
        var before = StoredRows;

        using var response = await browser.PostAsync(RolloutEndpoints.UploadPath, Form(52, token));

        Assert.NotEqual(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("forbidden", response.RedirectTarget());
        Assert.Equal(before, StoredRows);
    }
}
