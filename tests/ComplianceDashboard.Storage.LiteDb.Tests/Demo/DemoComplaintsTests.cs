using ComplianceDashboard.Core.Complaints;
using ComplianceDashboard.Core.Demo;
using ComplianceDashboard.Core.Objections;
using ComplianceDashboard.Storage.LiteDb.Tests.Common;
using ComplianceDashboard.Storage.LiteDb.Tests.Complaints;

namespace ComplianceDashboard.Storage.LiteDb.Tests.Demo;

public sealed class DemoComplaintsTests : IDisposable
{
    private readonly TestStore _store = TestStore.Create(demoMode: true, new ManualClock(ComplaintStoreContract.Start));

    public DemoComplaintsTests() => Assert.True(_store.Get<DemoProgramme>().Seed().Succeeded);

    public void Dispose() => _store.Dispose();

    private IReadOnlyList<Complaint> All => _store.Get<IComplaintRepository>().All();

    [Fact]
    public void TheDemo_SeedsUkComplaints_EachValidAndLinkedToAnObjectionOfTheSamePerson()
    {
        var complaints = All;
        var now = _store.Clock.UtcDateTime;

        Assert.Equal(_store.Get<DemoComplaints>().Count, complaints.Count);
        Assert.All(complaints, c =>
        {
            Assert.Equal("UK", c.Jurisdiction);
            Assert.Empty(ComplaintRules.Validate(c, now));
            var objection = _store.Get<IObjectionRepository>().Find(Assert.Single(c.LinkedObjectionIds))!;
            Assert.Equal((objection.SubjectRef, objection.Jurisdiction), (c.SubjectRef, c.Jurisdiction));
            Assert.True(objection.ReceivedAt < c.ReceivedAt);
            Assert.Equal(c.AcknowledgementDue, new ComplaintOptions().PolicyFor("UK").AcknowledgementDue(c.ReceivedAt));
        });
    }

    [Fact]
    public void TheDemo_HasOverdueAcknowledgements_AndMostAcknowledgedInTime_AndSeedingTwiceAddsNothing()
    {
        var m = _store.Get<ComplaintService>().Metrics(ComplaintFilter.All);

        Assert.InRange(m.AcknowledgementOverdueNow, 1, m.Received / 10);
        Assert.True(m.AcknowledgedWithinDeadline > m.AcknowledgedLate);
        Assert.True(m.ByOutcome.Values.Sum() > 0);
        Assert.Equal(0, _store.Get<DemoComplaints>().Seed(_store.Clock.UtcDateTime.Date).Value);
        Assert.Equal(m.Received, All.Count);
    }
}
