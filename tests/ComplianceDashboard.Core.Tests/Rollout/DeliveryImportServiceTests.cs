using ComplianceDashboard.Core.Common;
using ComplianceDashboard.Core.Identity;
using ComplianceDashboard.Core.Rollout;
using static ComplianceDashboard.Core.Tests.Rollout.DeliveryStatsCsvTests;

namespace ComplianceDashboard.Core.Tests.Rollout;

public sealed class DeliveryImportServiceTests
{
    private static readonly Actor Officer = Actor.User("officer@example.test", "Officer", Role.ComplianceOfficer);

    private static (InMemoryRollout Store, DeliveryImportService Service) Create()
    {
        var s = InMemoryRollout.WithUkCampaign();
        return (s, new DeliveryImportService(s, s, s, s));
    }

    [Fact]
    public void AValidFile_InsertsEveryRow_InOneWriteWithOneAuditEntry()
    {
        var (s, service) = Create();

        var outcome = service.Import(Officer, File(Header, Line(), Line(channel: "email")), "test.csv").Value;

        Assert.Equal(new DeliveryImportSummary(2, 0, 0), outcome.Summary);
        Assert.Equal(2, s.Rows.Count);
        Assert.Equal(1, s.Writes);
        Assert.Equal("rollout.delivery-stats-imported", Assert.Single(s.Audit).Action);
    }

    [Fact]
    public void SendingTheSameFileTwice_ChangesNothingTheSecondTime()
    {
        var (s, service) = Create();
        var file = File(Header, Line(), Line(channel: "email"));
        service.Import(Officer, file, "test.csv");
        var before = s.Rows.Values.ToList();

        var outcome = service.Import(Officer, file, "test.csv").Value;

        Assert.Equal(new DeliveryImportSummary(0, 0, 2), outcome.Summary);
        Assert.Equal(before, s.Rows.Values.ToList());
    }

    [Fact]
    public void ResendingAKeyWithNewCounts_ReplacesItsRow_AndTheAuditEntryRecordsThePreviousValues()
    {
        var (s, service) = Create();
        service.Import(Officer, File(Header, Line()), "first.csv");

        var outcome = service.Import(Officer, File(Header, Line(counts: "1000,950,900,800,60,12,5,0,20"), Line(date: "2026-03-02")), "second.csv").Value;

        Assert.Equal(new DeliveryImportSummary(1, 1, 0), outcome.Summary);
        var replaced = s.Rows.Values.Single(r => r.Date == new DateOnly(2026, 3, 1));
        Assert.Equal(800, replaced.Displayed);
        var entry = s.Audit[^1];
        Assert.Contains("1 replaced", entry.Summary);
        Assert.Contains("previously eligible=1000 sent=900 delivered=800 displayed=700", entry.Summary);
    }

    [Fact]
    public void AFileWithAnyError_WritesNothing_AndReturnsEveryError()
    {
        var (s, service) = Create();

        var outcome = service.Import(Officer, File(Header, Line(), Line(cohort: "wave-9")), "bad.csv").Value;

        Assert.False(outcome.Accepted);
        Assert.Equal(3, Assert.Single(outcome.Errors).Line);
        Assert.Empty(s.Rows);
        Assert.Empty(s.Audit);
        Assert.Equal(0, s.Writes);
    }

    [Fact]
    public void AnActorWithoutManageRollout_IsForbidden()
    {
        var (s, service) = Create();
        var auditor = Actor.User("auditor@example.test", "Auditor", Role.Auditor);

        var result = service.Import(auditor, File(Header, Line()), "test.csv");

        Assert.Equal(FailureKind.Forbidden, result.Failure!.Kind);
        Assert.Empty(s.Rows);
    }
}
