using System.Text;
using ComplianceDashboard.Core.Common;
using ComplianceDashboard.Core.Complaints;
using ComplianceDashboard.Core.Compliance;
using ComplianceDashboard.Core.Identity;
using ComplianceDashboard.Core.Jurisdictions;
using ComplianceDashboard.Storage.LiteDb.Tests.Common;

namespace ComplianceDashboard.Storage.LiteDb.Tests.Complaints;

/// <summary>Check 17 on a real store: warns on any late or overdue acknowledgement, as of the moment asked, and never gates training.</summary>
public abstract class ComplaintCheckTests(StoreProvider provider) : IDisposable
{
    private static readonly Actor Officer = Actor.User("officer@demo.example", "Olivia Officer", Role.ComplianceOfficer);
    private readonly TestStore _store = StoreWithTheUk(provider);

    private static TestStore StoreWithTheUk(StoreProvider provider)
    {
        var store = TestStore.Create(provider, demoMode: false, new ManualClock(ComplaintStoreContract.Start));
        Assert.True(store.Get<JurisdictionService>().CreateFromPreset(Actor.System, "UK").Succeeded);
        return store;
    }

    public void Dispose() => _store.Dispose();

    private static DateTime Utc(int m, int d, int h = 12) => new(2026, m, d, h, 0, 0, DateTimeKind.Utc);

    private void Import(params string[] rows) => Assert.True(_store.Get<ComplaintService>().Import(Officer,
        new MemoryStream(Encoding.UTF8.GetBytes(ComplaintStoreContract.Header + "\n" + string.Join("\n", rows))), "c.csv").Value.Accepted);

    private CheckResult Check17(DateTime asOf) =>
        _store.Get<IComplianceEvaluator>().Evaluate("UK", asOf, [CheckCatalogue.ComplaintsAcknowledgedInTime]).Single();

    [Fact]
    public void Check17_Passes_WhenEveryDueAcknowledgementWasInTime_AndCountsPreDutyComplaintsApart()
    {
        Import(ComplaintStoreContract.Row("C-1", acknowledged: "2026-08-02T09:00:00Z"),
               ComplaintStoreContract.Row("C-old", received: "2026-06-01T09:00:00Z"));

        var result = Check17(Utc(9, 30));

        Assert.Equal(CheckOutcome.Pass, result.Outcome);
        Assert.Equal("100.0 % acknowledged within the deadline (1 of 1); 0 late, 0 overdue", result.Measured);
        Assert.Contains("1 complaint(s) received before a deadline applied are not counted", result.Explanation);
        Assert.False(result.Definition.GatesTraining);
        Assert.Equal(17, result.Definition.Number);
    }

    [Fact]
    public void Check17_Warns_OnASingleOverdueAcknowledgementAmongMany_AndNamesIt()
    {
        var rows = Enumerable.Range(0, 99).Select(i => ComplaintStoreContract.Row($"C-{i}", acknowledged: "2026-08-02T09:00:00Z")).ToList();
        rows.Add(ComplaintStoreContract.Row("C-late", received: "2026-08-20T09:00:00Z"));
        Import([.. rows]);

        var result = Check17(Utc(9, 30));

        Assert.Equal(CheckOutcome.Warning, result.Outcome);
        Assert.Equal("99.0 % acknowledged within the deadline (99 of 100); 0 late, 1 overdue", result.Measured);
        Assert.Contains("C-late (due 18 Sept 2026)".Replace("Sept", new DateOnly(2026, 9, 18).ToString("MMM", System.Globalization.CultureInfo.GetCultureInfo("en-GB"))), result.Explanation);
    }

    [Fact]
    public void Check17_EvaluatedAsOfAPastMoment_SeesTheAcknowledgementsMadeByThen_AndALateOneWarnsForever()
    {
        Import(ComplaintStoreContract.Row("C-1", received: "2026-08-01T09:00:00Z", acknowledged: "2026-09-01T09:00:00Z"));

        var beforeDue = Check17(Utc(8, 30));
        var overdue = Check17(Utc(8, 31));
        var after = Check17(Utc(9, 30));

        Assert.Equal((CheckOutcome.Pass, "no acknowledgement due yet acknowledged within the deadline (0 of 0); 0 late, 0 overdue"), (beforeDue.Outcome, beforeDue.Measured));
        Assert.Equal(CheckOutcome.Warning, overdue.Outcome);
        Assert.Contains("1 overdue", overdue.Measured);
        Assert.Equal(CheckOutcome.Warning, after.Outcome);
        Assert.Contains("acknowledged after the deadline: C-1", after.Explanation);
    }

    public sealed class OnLiteDb() : ComplaintCheckTests(StoreProvider.LiteDb);

    public sealed class OnPostgres() : ComplaintCheckTests(StoreProvider.Postgres);
}
