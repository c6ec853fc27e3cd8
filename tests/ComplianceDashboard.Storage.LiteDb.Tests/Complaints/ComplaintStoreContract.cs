using System.Text;
using ComplianceDashboard.Core.Audit;
using ComplianceDashboard.Core.Common;
using ComplianceDashboard.Core.Complaints;
using ComplianceDashboard.Core.Identity;
using ComplianceDashboard.Core.Jurisdictions;
using ComplianceDashboard.Core.Objections;

namespace ComplianceDashboard.Storage.LiteDb.Tests.Complaints;

/// <summary>A real store with the real services over it, for the store-agnostic complaint contract.</summary>
public interface IComplaintStoreHarness : IDisposable
{
    T Get<T>() where T : notnull;

    /// <summary>Moves the store's clock on.</summary>
    void Advance(TimeSpan by);

    /// <summary>Closes the store and opens it again with fresh services, as a restarted app would.</summary>
    void Reopen();
}

/// <summary>
/// What every complaint store must do, written against Core's ports and services only, so each store adapter runs it by
/// deriving a class that supplies its harness (see <see cref="ComplaintStoreTests"/>).
/// </summary>
public abstract class ComplaintStoreContract : IDisposable
{
    /// <summary>The store's clock starts here: after s.164A came into force.</summary>
    public static readonly DateTimeOffset Start = new(2026, 10, 1, 9, 0, 0, TimeSpan.Zero);
    public const string ObjectionHeader = "objection_id,subject_ref,jurisdiction,platform,channel,received_at,status,resolved_at,refusal_grounds,prior_objection,extension_notified_at";
    public const string Header = "complaint_id,subject_ref,jurisdiction,channel,received_at,category,linked_objection_ids,acknowledged_at,outcome_at,outcome,outcome_summary,escalated_at,regulator_reference";
    protected static readonly Actor Officer = Actor.User("officer@demo.example", "Olivia Officer", Role.ComplianceOfficer);
    protected static readonly Actor Auditor = Actor.User("auditor@demo.example", "Arthur Auditor", Role.Auditor);
    protected static readonly Actor Dpo = Actor.User("dpo@demo.example", "Dana DPO", Role.Dpo);
    private readonly IComplaintStoreHarness _store;

    protected ComplaintStoreContract(IComplaintStoreHarness store)
    {
        _store = store;
        foreach (var code in new[] { "UK", "EU" })
            Assert.True(Get<JurisdictionService>().CreateFromPreset(Actor.System, code).Succeeded);
        var objections = Get<ObjectionService>().Import(Officer, Csv(ObjectionHeader,
            "OBJ-1,s-1,UK,facebook,web_form,2026-07-01T09:00:00Z,refused,2026-07-05T09:00:00Z,Not our data,false,",
            "OBJ-2,s-1,UK,instagram,web_form,2026-07-02T09:00:00Z,honoured,2026-07-03T09:00:00Z,,false,",
            "OBJ-3,s-2,UK,facebook,web_form,2026-07-01T09:00:00Z,received,,,false,",
            "OBJ-4,s-1,EU,facebook,web_form,2026-07-01T09:00:00Z,received,,,false,"), "objections.csv");
        Assert.True(objections.Value.Accepted);
    }

    public void Dispose()
    {
        _store.Dispose();
        GC.SuppressFinalize(this);
    }

    protected T Get<T>() where T : notnull => _store.Get<T>();
    private ComplaintService Service => Get<ComplaintService>();
    private IComplaintRepository Repository => Get<IComplaintRepository>();

    protected static MemoryStream Csv(string header, params string[] rows) => new(Encoding.UTF8.GetBytes(header + "\n" + string.Join("\n", rows) + "\n"));

    public static string Row(string id, string subject = "s-1", string jurisdiction = "UK", string received = "2026-08-01T09:00:00Z",
        string category = "objection_not_honoured", string linked = "", string acknowledged = "", string outcomeAt = "", string outcome = "",
        string summary = "", string escalated = "", string reference = "", string channel = "web_form") =>
        $"{id},{subject},{jurisdiction},{channel},{received},{category},{linked},{acknowledged},{outcomeAt},{outcome},{summary},{escalated},{reference}";

    protected ImportReport Import(params string[] rows) => Service.Import(Officer, Csv(Header, rows), "complaints.csv").Value;

    [Fact]
    public void Import_InsertsEveryRow_DecidesTheDeadlines_AndAuditsTheBatch()
    {
        var report = Import(Row("C-1", linked: "OBJ-1;OBJ-2"), Row("C-2", received: "2026-06-18T09:00:00Z"));

        Assert.True(report.Accepted);
        Assert.Equal((2, 0, 0), (report.Inserted, report.Updated, report.Unchanged));
        var c1 = Repository.Find("C-1")!;
        Assert.Equal(new DateOnly(2026, 8, 30), c1.AcknowledgementDue);
        Assert.True(c1.AcknowledgementStatutory);
        Assert.Equal(["OBJ-1", "OBJ-2"], c1.LinkedObjectionIds);
        Assert.Null(Repository.Find("C-2")!.AcknowledgementDue);
        var entry = Get<IAuditLog>().Query(new AuditFilter(Action: "complaints.imported"), 0, 10).Entries.Single();
        Assert.Equal(report.BatchId, entry.EntityId);
    }

    [Fact]
    public void Import_OfTheSameFileTwice_ChangesNothing_AndAForwardUpdateIsCountedAsUpdated()
    {
        Import(Row("C-1"), Row("C-2"));
        var again = Import(Row("C-1"), Row("C-2"));
        Assert.Equal((0, 0, 2), (again.Inserted, again.Updated, again.Unchanged));
        Assert.Equal(1, Repository.Find("C-1")!.Version);

        var forward = Import(Row("C-1", acknowledged: "2026-08-02T09:00:00Z", linked: "OBJ-1"), Row("C-2"), Row("C-3"));

        Assert.Equal((1, 1, 1), (forward.Inserted, forward.Updated, forward.Unchanged));
        var c1 = Repository.Find("C-1")!;
        Assert.Equal((2, new DateTime(2026, 8, 2, 9, 0, 0, DateTimeKind.Utc)), (c1.Version, c1.AcknowledgedAt!.Value));
        Assert.Equal(forward.BatchId, c1.BatchId);
    }

    [Fact]
    public void Import_WritesNothing_WhenOneRowBreaksARuleThatNeedsTheStore()
    {
        var report = Import(Row("C-1"), Row("C-2", linked: "OBJ-404"));

        Assert.False(report.Accepted);
        var error = Assert.Single(report.Errors);
        Assert.Equal((3, "linked_objection_ids"), (error.Line, error.Column));
        Assert.Null(Repository.Find("C-1"));
        Assert.Empty(Repository.All());
        Assert.Empty(Get<IAuditLog>().Query(new AuditFilter(Action: "complaints.imported"), 0, 10).Entries);
    }

    [Theory]
    [InlineData("OBJ-404", "does not exist")]
    [InlineData("OBJ-3", "another subject_ref")]
    [InlineData("OBJ-4", "is in EU, not UK")]
    public void Import_RejectsALinkedObjectionThatIsMissingOrAnotherPersonsOrInAnotherJurisdiction(string objectionId, string expected)
    {
        var report = Import(Row("C-1", linked: objectionId));

        var error = Assert.Single(report.Errors);
        Assert.Equal((2, "linked_objection_ids"), (error.Line, error.Column));
        Assert.Contains(expected, error.Message);
    }

    [Theory]
    [InlineData("escalated_at", "cannot be cleared")]
    [InlineData("category", "cannot change")]
    [InlineData("linked_objection_ids", "cannot be removed")]
    [InlineData("outcome", "cannot change")]
    public void Import_RefusesToMoveAStoredComplaintBackwards(string column, string expected)
    {
        Import(Row("C-1", linked: "OBJ-1", acknowledged: "2026-08-02T09:00:00Z", outcomeAt: "2026-08-10T09:00:00Z", outcome: "upheld", escalated: "2026-08-11T09:00:00Z"));
        var backwards = column switch
        {
            "escalated_at" => Row("C-1", linked: "OBJ-1", acknowledged: "2026-08-02T09:00:00Z", outcomeAt: "2026-08-10T09:00:00Z", outcome: "upheld"),
            "category" => Row("C-1", linked: "OBJ-1", category: "other", acknowledged: "2026-08-02T09:00:00Z", outcomeAt: "2026-08-10T09:00:00Z", outcome: "upheld", escalated: "2026-08-11T09:00:00Z"),
            "linked_objection_ids" => Row("C-1", acknowledged: "2026-08-02T09:00:00Z", outcomeAt: "2026-08-10T09:00:00Z", outcome: "upheld", escalated: "2026-08-11T09:00:00Z"),
            _ => Row("C-1", linked: "OBJ-1", acknowledged: "2026-08-02T09:00:00Z", outcomeAt: "2026-08-10T09:00:00Z", outcome: "not_upheld", escalated: "2026-08-11T09:00:00Z"),
        };

        var report = Import(Row("C-0"), backwards);

        Assert.False(report.Accepted);
        Assert.Contains(report.Errors, e => e.Line == 3 && e.Column == column && e.Message.Contains(expected));
        Assert.Null(Repository.Find("C-0"));
        Assert.Equal(1, Repository.Find("C-1")!.Version);
    }

    [Fact]
    public void Import_WithoutTheProgressColumn_KeepsTheStoredProgressUpdate_AndWithItOnlyMovesItLater()
    {
        var header = Header + ",progress_updated_at";
        Assert.True(Service.Import(Officer, Csv(header, Row("C-1", acknowledged: "2026-08-02T09:00:00Z") + ",2026-08-20T09:00:00Z"), "a.csv").Value.Accepted);

        Assert.Equal(1, Import(Row("C-1", acknowledged: "2026-08-02T09:00:00Z")).Unchanged);
        var earlier = Service.Import(Officer, Csv(header, Row("C-1", acknowledged: "2026-08-02T09:00:00Z") + ",2026-08-10T09:00:00Z"), "b.csv").Value;
        Assert.Contains(earlier.Errors, e => e.Column == "progress_updated_at");
        var later = Service.Import(Officer, Csv(header, Row("C-1", acknowledged: "2026-08-02T09:00:00Z") + ",2026-09-10T09:00:00Z"), "c.csv").Value;
        Assert.Equal(1, later.Updated);
        Assert.Equal(new DateTime(2026, 9, 10, 9, 0, 0, DateTimeKind.Utc), Repository.Find("C-1")!.ProgressUpdatedAt);
    }

    [Fact]
    public void RecordedByHand_ThenAcknowledgedAndAnswered_EachChangeAudited_AndKeptAcrossARestart()
    {
        var recorded = Service.Record(Officer, new ComplaintDraft("s-1", "UK", ComplaintChannel.Phone,
            new DateTime(2026, 9, 1, 16, 0, 0, DateTimeKind.Utc), ComplaintCategory.NotifiedAfterObjecting, ["OBJ-1"])).Value;
        var acknowledged = Service.Acknowledge(Officer, recorded.Id, recorded.Version).Value;
        var updated = Service.RecordProgress(Officer, recorded.Id, acknowledged.Version).Value;
        var answered = Service.RecordOutcome(Officer, recorded.Id, updated.Version, ComplaintOutcome.Upheld, "Notice suppressed for this account").Value;
        var escalated = Service.RecordEscalation(Officer, recorded.Id, answered.Version, Start.UtcDateTime, "IC-99").Value;

        _store.Reopen();

        var stored = Repository.Find(recorded.Id)!;
        Assert.Equivalent(escalated, stored, strict: true);
        Assert.Equal(new DateOnly(2026, 9, 30), stored.AcknowledgementDue);
        Assert.False(stored.AcknowledgedOnTime); // acknowledged on 1 October, a day late
        Assert.Equal(["complaint.recorded", "complaint.acknowledged", "complaint.progress-updated", "complaint.outcome-told", "complaint.escalated"],
            Get<IAuditLog>().Query(new AuditFilter(EntityType: ComplaintService.EntityType), 0, 50).Entries.Select(e => e.Action).Reverse().ToList());
        Assert.Equal([recorded.Id], Get<ComplaintService>().LinkedTo("OBJ-1").Select(c => c.Id).ToList());
    }

    [Fact]
    public void AChangeOnAStaleVersion_IsAConflict_AndAnAcknowledgementCannotBeRecordedTwice()
    {
        Import(Row("C-1"));
        var first = Service.Acknowledge(Officer, "C-1", 1);
        Assert.True(first.Succeeded);

        Assert.Equal(FailureKind.Conflict, Service.Acknowledge(Officer, "C-1", 1).Failure!.Kind);
        var twice = Service.Acknowledge(Officer, "C-1", 2, new DateTime(2026, 9, 1, 9, 0, 0, DateTimeKind.Utc));
        Assert.Equal(FailureKind.Conflict, twice.Failure!.Kind);
        Assert.Equal(FailureKind.NotFound, Service.Acknowledge(Officer, "C-404", 1).Failure!.Kind);
        Assert.Equal(2, Repository.Find("C-1")!.Version);
    }

    [Fact]
    public void ATimeGivenByHandMustNotBeInTheFutureOrBeforeReceipt()
    {
        Import(Row("C-1"));

        var future = Service.Acknowledge(Officer, "C-1", 1, Start.UtcDateTime.AddHours(1));
        var early = Service.Acknowledge(Officer, "C-1", 1, new DateTime(2026, 7, 1, 9, 0, 0, DateTimeKind.Utc));

        Assert.Equal(FailureKind.Validation, future.Failure!.Kind);
        Assert.Contains("in the future", future.Failure.Message);
        Assert.Contains("before received_at", early.Failure!.Message);
        Assert.Null(Repository.Find("C-1")!.AcknowledgedAt);
    }

    [Fact]
    public void OnlyTheRolesInTheTable_MayImportRecordChangeOrExport()
    {
        Import(Row("C-1"));

        Assert.Equal(FailureKind.Forbidden, Service.Import(Auditor, Csv(Header, Row("C-2")), "x.csv").Failure!.Kind);
        Assert.Equal(FailureKind.Forbidden, Service.Import(Dpo, Csv(Header, Row("C-2")), "x.csv").Failure!.Kind);
        Assert.Equal(FailureKind.Forbidden, Service.Acknowledge(Auditor, "C-1", 1).Failure!.Kind);
        Assert.Equal(FailureKind.Forbidden, Service.Export(Auditor, ComplaintFilter.All).Failure!.Kind);
        Assert.Single(Service.Export(Dpo, ComplaintFilter.All).Value);
        Assert.Null(Repository.Find("C-2"));
    }

    [Theory]
    [InlineData(ComplaintRetentionMode.Pseudonymise)]
    [InlineData(ComplaintRetentionMode.Delete)]
    public void Retention_RedactsClosedComplaintsPastThePeriod_AndLeavesEveryFigureUnchanged(ComplaintRetentionMode mode)
    {
        Import(
            Row("C-old", linked: "OBJ-1", acknowledged: "2026-08-02T09:00:00Z", outcomeAt: "2026-08-03T09:00:00Z", outcome: "upheld", summary: "Sorry", escalated: "2026-08-04T09:00:00Z", reference: "IC-1"),
            Row("C-open"),
            Row("C-recent", acknowledged: "2026-09-29T09:00:00Z", outcomeAt: "2026-09-30T09:00:00Z", outcome: "not_upheld"));
        var before = Service.Metrics(ComplaintFilter.All);
        var service = new ComplaintService(Repository, Get<IObjectionRepository>(), Get<IJurisdictionRepository>(), Get<IAuditLog>(),
            Get<IUnitOfWork>(), new ComplaintOptions { RetentionDays = 30, RetentionMode = mode }, Get<TimeProvider>());

        var report = service.ApplyRetention(Officer).Value;

        Assert.Equal(1, report.Redacted);
        Assert.Equal(Canonical(before), Canonical(service.Metrics(ComplaintFilter.All)));
        var redacted = Repository.All().Single(c => c.Redaction != ComplaintRedaction.None);
        Assert.Equal(("", null, null), (redacted.SubjectRef, redacted.OutcomeSummary, redacted.RegulatorReference));
        Assert.Empty(redacted.LinkedObjectionIds);
        Assert.Equal(mode == ComplaintRetentionMode.Delete, Repository.Find("C-old") is null);
        Assert.Empty(service.LinkedTo("OBJ-1"));
        Assert.Single(Get<IAuditLog>().Query(new AuditFilter(EntityType: ComplaintService.BatchEntityType, Action: $"complaints.retention-{(mode == ComplaintRetentionMode.Delete ? "deleted" : "pseudonymised")}"), 0, 10).Entries);
        Assert.Equal(0, service.ApplyRetention(Officer).Value.Redacted);
    }

    /// <summary>
    /// Random imports and by-hand changes (seeded, so a failure replays), checked after every step against a model kept by
    /// the test and figures recomputed from it by brute force with the deadline rule written out independently.
    /// </summary>
    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    public void Metrics_EqualABruteForceRecomputation_AfterRandomImportsAndUpdates(int seed)
    {
        var random = new Random(seed);
        var model = new Dictionary<string, Complaint>(StringComparer.Ordinal);
        var received0 = new DateTime(2026, 6, 1, 0, 0, 0, DateTimeKind.Utc);
        string Iso(DateTime t) => t.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'");
        for (var step = 0; step < 12; step++)
        {
            var now = Get<TimeProvider>().GetUtcNow().UtcDateTime;
            if (step % 3 != 2)
            {
                var rows = new List<string>();
                var ids = Enumerable.Range(0, random.Next(5, 25)).Select(_ => $"C-{random.Next(0, 60)}").Distinct().ToList();
                foreach (var id in ids)
                {
                    var stored = model.GetValueOrDefault(id);
                    var received = stored?.ReceivedAt ?? received0.AddMinutes(random.Next(0, (int)(now - received0).TotalMinutes));
                    DateTime? Later(DateTime? from) => from is { } f ? f.AddMinutes(random.Next(0, Math.Max(1, (int)(now - f).TotalMinutes))) : null;
                    var acknowledged = stored?.AcknowledgedAt ?? (random.Next(3) > 0 ? Later(received) : null);
                    var outcomeAt = stored?.OutcomeAt ?? (acknowledged is not null && random.Next(2) == 0 ? Later(acknowledged) : null);
                    var outcome = stored?.Outcome ?? (outcomeAt is null ? null : (ComplaintOutcome?)random.Next(4));
                    var escalated = stored?.EscalatedAt ?? (random.Next(6) == 0 ? Later(received) : null);
                    var category = stored?.Category ?? (ComplaintCategory)random.Next(6);
                    var jurisdiction = stored?.Jurisdiction ?? (random.Next(4) == 0 ? "EU" : "UK");
                    rows.Add(Row(id, subject: stored?.SubjectRef ?? $"s-{id}", jurisdiction: jurisdiction, received: Iso(received),
                        category: category.Token(), acknowledged: acknowledged is { } a ? Iso(a) : "", outcomeAt: outcomeAt is { } o ? Iso(o) : "",
                        outcome: outcome?.Token() ?? "", escalated: escalated is { } e ? Iso(e) : ""));
                }
                var report = Import([.. rows]);
                Assert.True(report.Accepted, string.Join("\n", report.Errors));
                foreach (var c in Repository.FindMany(ids).Values) model[c.Id] = c;
            }
            else
            {
                foreach (var c in model.Values.Where(c => c.AcknowledgedAt is null && random.Next(2) == 0).ToList())
                    model[c.Id] = Service.Acknowledge(Officer, c.Id, c.Version).Value;
                foreach (var c in model.Values.Where(c => c.AcknowledgedAt is not null && c.OutcomeAt is null && random.Next(3) == 0).ToList())
                    model[c.Id] = Service.RecordOutcome(Officer, c.Id, c.Version, ComplaintOutcome.PartlyUpheld, null).Value;
            }
            _store.Advance(TimeSpan.FromHours(random.Next(1, 24 * 9)));

            var today = DateOnly.FromDateTime(Get<TimeProvider>().GetUtcNow().UtcDateTime);
            foreach (var filter in new[] { ComplaintFilter.All, new ComplaintFilter(Jurisdiction: "UK"), new ComplaintFilter(From: new DateOnly(2026, 7, 1), To: new DateOnly(2026, 8, 31)) })
                Assert.Equal(Canonical(BruteForce(model.Values, filter, today)), Canonical(Service.Metrics(filter)));
        }
        Assert.True(model.Count > 20);
    }

    /// <summary>The figures, computed the slow and obvious way with the deadline written out from s.164A and the options' defaults.</summary>
    private static ComplaintMetrics BruteForce(IEnumerable<Complaint> all, ComplaintFilter filter, DateOnly today)
    {
        var list = all.Where(c => (filter.Jurisdiction is null || c.Jurisdiction == filter.Jurisdiction) &&
                                  (filter.From is null || DateOnly.FromDateTime(c.ReceivedAt) >= filter.From) &&
                                  (filter.To is null || DateOnly.FromDateTime(c.ReceivedAt) <= filter.To)).ToList();
        DateOnly? Due(Complaint c)
        {
            var day = DateOnly.FromDateTime(c.ReceivedAt);
            if (c.Jurisdiction == "UK" && day < new DateOnly(2026, 6, 19)) return null;
            return day.AddDays(29); // 30 days beginning with the day of receipt (the internal default is also 30)
        }
        bool Within(Complaint c) => Due(c) is { } d && c.AcknowledgedAt is { } a && DateOnly.FromDateTime(a) <= d;
        bool Late(Complaint c) => Due(c) is { } d && c.AcknowledgedAt is { } a && DateOnly.FromDateTime(a) > d;
        bool Overdue(Complaint c) => Due(c) is { } d && c.AcknowledgedAt is null && today > d;
        var within = list.Count(Within);
        var counted = list.Count(c => Within(c) || Late(c) || Overdue(c));
        var days = list.Where(c => c.OutcomeAt is not null).Select(c => (c.OutcomeAt!.Value - c.ReceivedAt).TotalDays).Order().ToList();
        double? median = days.Count == 0 ? null : Math.Round(days.Count % 2 == 1 ? days[days.Count / 2] : (days[days.Count / 2 - 1] + days[days.Count / 2]) / 2, 1);
        string Quarter(DateTime t) => $"{t.Year}-Q{(t.Month - 1) / 3 + 1}";
        var events = list.SelectMany(c => new (DateTime? At, int Kind)[] { (c.ReceivedAt, 0), (c.AcknowledgedAt, 1), (c.OutcomeAt, 2), (c.EscalatedAt, 3) })
            .Where(e => e.At is not null).ToList();
        var quarters = events.Select(e => Quarter(e.At!.Value)).Distinct().Order(StringComparer.Ordinal)
            .Select(q => new QuarterCount(q, events.Count(e => e.Kind == 0 && Quarter(e.At!.Value) == q), events.Count(e => e.Kind == 1 && Quarter(e.At!.Value) == q),
                events.Count(e => e.Kind == 2 && Quarter(e.At!.Value) == q), events.Count(e => e.Kind == 3 && Quarter(e.At!.Value) == q))).ToList();
        return new ComplaintMetrics(
            list.Count, list.Count(c => Due(c) is null), list.Count(c => c.AcknowledgedAt is not null), within, list.Count(Late),
            counted == 0 ? null : Math.Round(100.0 * within / counted, 1), list.Count(Overdue), list.Count(c => c.OutcomeAt is null),
            list.Count(c => c.OutcomeAt is null && today > DateOnly.FromDateTime(c.ReceivedAt).AddDays(89)), median,
            Enum.GetValues<ComplaintOutcome>().ToDictionary(o => o.Token(), o => (long)list.Count(c => c.Outcome == o)),
            Enum.GetValues<ComplaintCategory>().ToDictionary(k => k.Token(), k => (long)list.Count(c => c.Category == k)),
            Enum.GetValues<ComplaintChannel>().ToDictionary(k => k.Token(), k => (long)list.Count(c => c.Channel == k)),
            list.Count(c => c.EscalatedAt is not null), quarters);
    }

    protected static string Canonical(ComplaintMetrics m) => System.Text.Json.JsonSerializer.Serialize(m);
}
