using ComplianceDashboard.Core.Common;
using ComplianceDashboard.Core.Identity;
using ComplianceDashboard.Core.Jurisdictions;
using ComplianceDashboard.Web.Tests.Hosting;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.DependencyInjection;

namespace ComplianceDashboard.Web.Tests.Evidence;

/// <summary>The app on a real (not demo) store holding the UK preset and one user per role with <see cref="Password"/>.</summary>
public sealed class RealStoreFactory : DashboardFactory
{
    public const string Password = "Real-Store-Password-2026";
    private bool _seeded;
    private readonly Lock _seeding = new();

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        builder.UseSetting("ComplianceDashboard:DemoMode", "false");
    }

    public static Actor User(Role role) => Actor.User(Email(role), $"Real {role}", role);

    public static string Email(Role role) => $"{role.ToString().ToLowerInvariant()}@real.example";

    /// <summary>Creates the UK jurisdiction and the users once.</summary>
    public RealStoreFactory Seeded()
    {
        lock (_seeding)
        {
            if (_seeded) return this;
            var jurisdictions = Services.GetRequiredService<JurisdictionService>();
            Assert.True(jurisdictions.CreateFromPreset(Actor.System, "UK").Succeeded);
            var users = Services.GetRequiredService<UserService>();
            foreach (var role in Enum.GetValues<Role>())
                Assert.True(users.Add(Actor.System, Email(role), $"Real {role}", role, Password).Succeeded);
            Assert.True(users.Add(Actor.System, "second-legal@real.example", "Second Legal", Role.LegalReviewer, Password).Succeeded);
            _seeded = true;
            return this;
        }
    }
}
