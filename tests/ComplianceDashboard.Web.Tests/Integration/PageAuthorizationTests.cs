using System.Reflection;
using ComplianceDashboard.Web.Auth;
using ComplianceDashboard.Web.Components.Pages.Account;
using ComplianceDashboard.Web.Components.Pages.Administration;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Components;

namespace ComplianceDashboard.Web.Tests.Integration;

/// <summary>Guards against a new page that forgets its authorisation: only the sign-in and error pages are open.</summary>
public sealed class PageAuthorizationTests
{
    // The code and enrolment pages are gated by the pending-sign-in cookie; SignOnRefusedPage tells a person whose single
    // sign-on was refused why: neither has a session yet.
    private static readonly Type[] AnonymousPages =
        [typeof(SignInPage), typeof(SignInCodePage), typeof(SignInEnrolPage), typeof(NotFoundPage), typeof(ErrorPage), typeof(SignOnRefusedPage)];

    private static IEnumerable<Type> RoutablePages() =>
        typeof(Program).Assembly.GetTypes().Where(t => t.GetCustomAttributes<RouteAttribute>().Any());

    [Fact]
    public void OnlyTheSignInAndErrorPages_AllowAnonymousVisitors()
    {
        var pages = RoutablePages().ToList();
        Assert.Contains(typeof(AdministrationPage), pages);

        var anonymous = pages.Where(t => t.GetCustomAttribute<AllowAnonymousAttribute>() is not null);

        Assert.Equal(AnonymousPages.Select(t => t.Name).Order(), anonymous.Select(t => t.Name).Order());
    }

    [Fact]
    public void Administration_RequiresTheAdministrationPolicy()
    {
        var authorize = typeof(AdministrationPage).GetCustomAttribute<AuthorizeAttribute>();

        Assert.NotNull(authorize);
        Assert.Equal(Policies.Administration, authorize.Policy);
    }
}
