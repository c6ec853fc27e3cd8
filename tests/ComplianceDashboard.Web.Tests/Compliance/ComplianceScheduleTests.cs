using ComplianceDashboard.Core.Compliance;
using ComplianceDashboard.Core.Jurisdictions;
using ComplianceDashboard.Web.Tests.Hosting;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.DependencyInjection;

namespace ComplianceDashboard.Web.Tests.Compliance;

public sealed class ComplianceScheduleTests
{
    [Fact]
    public async Task AtStart_TheScheduleRunsEveryJurisdictionOfTheSeededDemo_AsTheSystem()
    {
        await using var factory = new DashboardFactory();
        using var scheduled = factory.WithWebHostBuilder(b => b.UseSetting("ComplianceDashboard:Compliance:ScheduleEnabled", "true"));
        var compliance = scheduled.Services.GetRequiredService<ComplianceService>();
        var codes = scheduled.Services.GetRequiredService<JurisdictionService>().All().Select(j => j.Code).ToList();

        Assert.True(SpinWait.SpinUntil(() => codes.All(c => compliance.Latest(c) is not null), TimeSpan.FromSeconds(60)),
            "every jurisdiction has a run");

        Assert.Equal(3, codes.Count);
        Assert.All(codes, c =>
        {
            var run = compliance.Latest(c)!;
            Assert.Equal(RunTrigger.Scheduled, run.Trigger);
            Assert.Equal("System", run.RanBy);
            Assert.Equal(CheckCatalogue.All.Count, run.Results.Length);
        });
    }
}
