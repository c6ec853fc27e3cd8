using System.Net;
using AngleSharp.Html.Dom;
using AngleSharp.Html.Parser;
using ComplianceDashboard.Core.Demo;
using Microsoft.AspNetCore.Mvc.Testing;

namespace ComplianceDashboard.Web.Tests.Hosting;

/// <summary>An HTTP client that behaves like a browser without JavaScript: keeps cookies, shows redirects, posts forms.</summary>
public static class Browser
{
    public const string AntiforgeryField = "__RequestVerificationToken";

    public static HttpClient CreateBrowser(this DashboardFactory factory) =>
        factory.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false, HandleCookies = true });

    public static async Task<IHtmlDocument> GetPageAsync(this HttpClient client, string path)
    {
        using var response = await client.GetAsync(path);
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"GET {path} answered {(int)response.StatusCode}, expected 200.");
        return new HtmlParser().ParseDocument(await response.Content.ReadAsStringAsync());
    }

    /// <summary>The antiforgery token of the form posting to <paramref name="action"/> on the page at <paramref name="path"/>.</summary>
    public static async Task<string> AntiforgeryTokenAsync(this HttpClient client, string path, string action)
    {
        var page = await client.GetPageAsync(path);
        var form = page.Forms.FirstOrDefault(f => f.GetAttribute("action") == action);
        Assert.True(form is not null, $"{path} renders no form posting to {action}.");
        var token = form.QuerySelector($"input[type=hidden][name={AntiforgeryField}]")?.GetAttribute("value");
        Assert.False(string.IsNullOrEmpty(token), $"The form posting to {action} on {path} has no antiforgery token.");
        return token;
    }

    /// <summary>Fills in and posts the sign-in form as a browser would, returning the response unread.</summary>
    public static async Task<HttpResponseMessage> PostSignInAsync(this HttpClient client, string email, string password, string returnUrl = "/")
    {
        var token = await client.AntiforgeryTokenAsync($"/signin?returnUrl={Uri.EscapeDataString(returnUrl)}", "/account/signin");
        return await client.PostAsync("/account/signin", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["email"] = email,
            ["password"] = password,
            ["returnUrl"] = returnUrl,
            [AntiforgeryField] = token,
        }));
    }

    /// <summary>Signs in and checks that the app sends the person on to <paramref name="returnUrl"/>.</summary>
    public static async Task SignInAsync(this HttpClient client, string email, string password = DemoAccounts.Password, string returnUrl = "/")
    {
        using var response = await client.PostSignInAsync(email, password, returnUrl);
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Equal(returnUrl, response.Headers.Location?.OriginalString);
    }

    public static async Task<HttpClient> SignedInBrowserAsync(this DashboardFactory factory, string email, string password = DemoAccounts.Password)
    {
        var client = factory.CreateBrowser();
        await client.SignInAsync(email, password);
        return client;
    }

    /// <summary>The path and query a redirect points at, whether the Location header is absolute or relative.</summary>
    public static string RedirectTarget(this HttpResponseMessage response)
    {
        var location = response.Headers.Location ?? throw new Xunit.Sdk.XunitException($"{(int)response.StatusCode} has no Location header.");
        return location.IsAbsoluteUri ? location.PathAndQuery : location.OriginalString;
    }

    public static string DemoEmail(Core.Identity.Role role) => DemoAccounts.All.Single(a => a.Role == role).Email;
}
