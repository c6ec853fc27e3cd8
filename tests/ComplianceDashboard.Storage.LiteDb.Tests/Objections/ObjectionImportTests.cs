using System.Globalization;
using System.Text;
using ComplianceDashboard.Core.Audit;
using ComplianceDashboard.Core.Common;
using ComplianceDashboard.Core.Identity;
using ComplianceDashboard.Core.Jurisdictions;
using ComplianceDashboard.Core.Objections;
using ComplianceDashboard.Storage.LiteDb.Tests.Common;

namespace ComplianceDashboard.Storage.LiteDb.Tests.Objections;

/// <summary>Objection imports, actions and reads: one contract, run on both stores (OnLiteDb, OnPostgres) with the same assertions.</summary>
public abstract class ObjectionImportTests : IDisposable
{
    public const string Header = "objection_id,subject_ref,jurisdiction,platform,channel,received_at,status,resolved_at,refusal_grounds,prior_objection,extension_notified_at";
    private static readonly Actor Officer = Actor.User("officer@demo.example", "Olivia Officer", Role.ComplianceOfficer);
    private readonly TestStore _store;

    protected ObjectionImportTests(StoreProvider provider)
    {
        _store = TestStore.Create(provider, demoMode: false);
        foreach (var code in new[] { "UK", "EU", "BR" })
            Assert.True(_store.Get<JurisdictionService>().CreateFromPreset(Actor.System, code).Succeeded);
    }

    public void Dispose() => _store.Dispose();

    private ObjectionService Service => _store.Get<ObjectionService>();
    private IObjectionRepository Repository => _store.Get<IObjectionRepository>();

    public static string Row(string id, string status = "received", string resolved = "", string received = "2026-01-05T09:00:00Z",
        string subject = "s-1", string jurisdiction = "UK", string grounds = "", string extension = "", string platform = "facebook", string channel = "web_form") =>
        $"{id},{subject}{id},{jurisdiction},{platform},{channel},{received},{status},{resolved},{grounds},false,{extension}";

    private ImportReport Import(params string[] rows) =>
        Service.Import(Officer, new MemoryStream(Encoding.UTF8.GetBytes(Header + "\n" + string.Join("\n", rows))), "test.csv").Value;

    [Fact]
    public void Import_InsertsEveryRow_AndAuditsTheBatch()
    {
        var report = Import(Row("A"), Row("B", "honoured", "2026-01-06T09:00:00Z"));

        Assert.True(report.Accepted);
        Assert.Equal((2, 0, 0), (report.Inserted, report.Updated, report.Unchanged));
        var entry = _store.Get<IAuditLog>().Query(new AuditFilter(Action: "objections.imported"), 0, 10).Entries.Single();
        Assert.Equal(report.BatchId, entry.EntityId);
        Assert.Equal(new DateOnly(2026, 2, 5), Repository.Find("A")!.DueDate);
    }

    /// <summary>A unit of work that, as PostgreSQL does after choosing a transaction as a deadlock victim, rolls the change back once and runs it again.</summary>
    private sealed class RunsTwice(IUnitOfWork store) : IUnitOfWork
    {
        public Result<T> Write<T>(Func<Result<T>> change)
        {
            store.Write<T>(() =>
            {
                change();
                return Failure.Conflict("rolled back, as a deadlock victim is");
            });
            return store.Write(change);
        }
    }

    private sealed class ReadOnce(byte[] bytes) : MemoryStream(bytes)
    {
        public override bool CanSeek => false;
    }

    private ObjectionService RunTwice() => new(Repository, _store.Get<IJurisdictionRepository>(), _store.Get<IAuditLog>(), new RunsTwice(_store.Get<IUnitOfWork>()),
        _store.Get<IStoreMaintenance>(), _store.Get<Core.Rollout.ICampaignRepository>(), _store.Get<Core.Rollout.IDeliveryStatsRepository>(), _store.Get<TimeProvider>());

    private static byte[] File(params string[] rows) => Encoding.UTF8.GetBytes(Header + "\n" + string.Join("\n", rows));

    [Fact]
    public void AnImportRunAgainAfterARollback_ReadsTheFileFromItsStart_AndStoresEveryRowOnce()
    {
        var report = RunTwice().Import(Officer, new MemoryStream(File(Row("A"), Row("B", "honoured", "2026-01-06T09:00:00Z"))), "test.csv").Value;

        Assert.True(report.Accepted, string.Join("; ", report.Errors));
        Assert.Equal((2, 0, 0), (report.Inserted, report.Updated, report.Unchanged));
        Assert.Equal(["A", "B"], Repository.All().Select(o => o.Id).Order());
        Assert.Single(_store.Get<IAuditLog>().Query(new AuditFilter(Action: "objections.imported"), 0, 10).Entries);
    }

    [Fact]
    public void AnImportRunAgainFromAFileThatCannotBeReadTwice_SaysSo_AndStoresNothing()
    {
        var result = RunTwice().Import(Officer, new ReadOnce(File(Row("A"))), "test.csv");

        Assert.False(result.Succeeded);
        Assert.Equal((FailureKind.Conflict, ObjectionService.InterruptedImport), (result.Failure!.Kind, result.Failure.Message));
        Assert.Empty(Repository.All());
    }

    [Fact]
    public void Import_OfTheSameFileTwice_ChangesNothing()
    {
        var rows = new[] { Row("A"), Row("B", "honoured", "2026-01-06T09:00:00Z") };
        Import(rows);
        var rollups = Repository.StoredRollups();
        var auditCount = _store.Get<IAuditLog>().Head().Count;

        var again = Import(rows);

        Assert.Equal((0, 0, 2), (again.Inserted, again.Updated, again.Unchanged));
        Assert.Equal(Describe(rollups), Describe(Repository.StoredRollups()));
        Assert.Equal(1, Repository.Find("A")!.Version);
        Assert.Equal(auditCount + 1, _store.Get<IAuditLog>().Head().Count);
    }

    [Fact]
    public void Import_MovesAStatusForward_WithHistory()
    {
        Import(Row("A"));

        var report = Import(Row("A", "honoured", "2026-01-07T10:00:00Z"));

        Assert.Equal(1, report.Updated);
        var a = Repository.Find("A")!;
        Assert.Equal(ObjectionStatus.Honoured, a.Status);
        Assert.True(a.WithinLegalLimit);
        Assert.Equal([ObjectionStatus.Received, ObjectionStatus.Honoured], a.History.Select(h => h.Status));
        Assert.Empty(Repository.Snapshot().Open);
    }

    [Fact]
    public void Import_RejectsGoingBackwards_OrChangingSubjectReceivedTimeOrJurisdiction_AndWritesNothing()
    {
        Import(Row("A", "honoured", "2026-01-07T10:00:00Z"), Row("B"));
        var rollups = Describe(Repository.StoredRollups());
        var head = _store.Get<IAuditLog>().Head();

        var report = Import(
            Row("A"),
            Row("B", subject: "s-other"),
            Row("C"),
            Row("B2", received: "2026-01-05T09:00:00Z"));
        var second = Import(Row("B", received: "2026-01-04T09:00:00Z"), Row("B2"), Row("B3", jurisdiction: "EU"));
        var third = Import(Row("B", jurisdiction: "EU"));

        Assert.False(report.Accepted);
        Assert.Equal([(2, "status"), (3, "subject_ref")], report.Errors.Select(e => (e.Line, e.Column!)));
        Assert.Equal([(2, "received_at")], second.Errors.Select(e => (e.Line, e.Column!)));
        Assert.Equal([(2, "jurisdiction")], third.Errors.Select(e => (e.Line, e.Column!)));
        Assert.Null(Repository.Find("C"));
        Assert.Null(Repository.Find("B2"));
        Assert.Equal(rollups, Describe(Repository.StoredRollups()));
        Assert.Equal(head, _store.Get<IAuditLog>().Head());
    }

    [Fact]
    public void Import_WithAnInvalidRow_WritesNothingAtAll()
    {
        var report = Import(Row("A"), Row("B", "refused", "2026-01-06T09:00:00Z"));

        Assert.False(report.Accepted);
        Assert.Null(Repository.Find("A"));
        Assert.Empty(Repository.StoredRollups());
    }

    /// <summary>More rows than a store writes in one chunk, so a late bad row comes after earlier rows were written in the transaction.</summary>
    private const int ManyRows = 12_000;

    private static string[] Many(string prefix, int count = ManyRows) =>
        Enumerable.Range(0, count).Select(i => Row($"{prefix}{i:D5}", received: $"2026-01-05T09:{i / 600 % 60:D2}:{i % 60:D2}Z")).ToArray();

    [Fact]
    public void Import_WithBadRowsAfterSeveralChunksOfGoodOnes_WritesNothing_AndReportsEveryBadRowWithItsLine()
    {
        var rows = Many("G");
        rows[6_000] = Row("G06000", "refused", "2026-01-06T09:00:00Z");
        rows[^1] = Row("G11999", platform: "myspace");
        var head = _store.Get<IAuditLog>().Head();

        var report = Import(rows);

        Assert.False(report.Accepted);
        Assert.Equal([(6_002, "refusal_grounds"), (ManyRows + 1, "platform")], report.Errors.Select(e => (e.Line, e.Column!)));
        Assert.Null(Repository.Find("G00000"));
        Assert.Empty(Repository.StoredRollups());
        Assert.Empty(Repository.Snapshot().Open);
        Assert.Equal(head, _store.Get<IAuditLog>().Head());
        Assert.Equal(ManyRows, Import(Many("G")).Inserted);
    }

    [Fact]
    public void Import_WithConflictsInALaterChunk_WritesNothing_EvenTheEarlierChunksChanges_AndReportsEveryConflict()
    {
        Import(Many("G"));
        var rollups = Describe(Repository.StoredRollups());
        var head = _store.Get<IAuditLog>().Head();
        var rows = Many("G").Concat(Many("N", 10)).ToArray();
        rows[0] = Row("G00000", "honoured", "2026-01-07T10:00:00Z");
        rows[9_000] = Row("G09000", subject: "s-other", received: "2026-01-05T09:15:00Z");
        rows[11_000] = Row("G11000", jurisdiction: "EU", received: "2026-01-05T09:18:20Z");

        var report = Import(rows);

        Assert.False(report.Accepted);
        Assert.Equal([(9_002, "subject_ref"), (11_002, "jurisdiction")], report.Errors.Select(e => (e.Line, e.Column!)));
        Assert.Equal((ObjectionStatus.Received, 1), (Repository.Find("G00000")!.Status, Repository.Find("G00000")!.Version));
        Assert.Null(Repository.Find("N00000"));
        Assert.Equal(rollups, Describe(Repository.StoredRollups()));
        Assert.Equal(ManyRows, Repository.Snapshot().Open.Count);
        Assert.Equal(head, _store.Get<IAuditLog>().Head());
    }

    [Fact]
    public void Import_WithBothFileErrorsAndConflicts_ReportsTheFileErrorsOnly()
    {
        Import(Row("A", "honoured", "2026-01-07T10:00:00Z"));

        var report = Import(Row("A"), Row("B", channel: "pigeon"));

        Assert.Equal([(3, "channel")], report.Errors.Select(e => (e.Line, e.Column!)));
    }

    [Fact]
    public void Import_IsRefused_WithoutThePermission()
    {
        var auditor = Actor.User("auditor@demo.example", "Aisha Auditor", Role.Auditor);

        var result = Service.Import(auditor, new MemoryStream(Encoding.UTF8.GetBytes(Header + "\n" + Row("A"))), "x.csv");

        Assert.Equal(FailureKind.Forbidden, result.Failure!.Kind);
    }

    [Fact]
    public void Actions_HonourRefuseWithdrawAndExtension_AreAuditedAndMoveTheFigures()
    {
        _store.Clock.Advance(TimeSpan.FromDays(1)); // 16 January 2026
        Import(Row("A"), Row("B"), Row("C"), Row("D"));
        var audit = _store.Get<IAuditLog>();

        Assert.True(Service.NotifyExtension(Officer, "D", 1, "Many linked accounts").Succeeded);
        Assert.True(Service.Honour(Officer, "A", 1).Succeeded);
        Assert.True(Service.Refuse(Officer, "B", 1, "Not an objection to this processing").Succeeded);
        Assert.True(Service.Withdraw(Officer, "C", 1).Succeeded);

        Assert.Equal(new DateOnly(2026, 4, 7), Repository.Find("D")!.DueDate); // 5 April is Easter Sunday, 6 April Easter Monday
        Assert.Equal(FailureKind.Conflict, Service.Honour(Officer, "A", 2).Failure!.Kind);
        Assert.Equal(FailureKind.Conflict, Service.Honour(Officer, "D", 1).Failure!.Kind);
        Assert.Equal(FailureKind.Validation, Service.Refuse(Officer, "D", 2, " ").Failure!.Kind);
        Assert.Equal(FailureKind.NotFound, Service.Honour(Officer, "Z", 1).Failure!.Kind);
        foreach (var action in new[] { "objection.extension-notified", "objection.honoured", "objection.refused", "objection.withdrawn" })
            Assert.Single(audit.Query(new AuditFilter(Action: action), 0, 10).Entries);
        var m = ObjectionMetricsCalculator.Compute(Repository.Snapshot(), ObjectionFilter.All, new DateOnly(2026, 1, 16));
        Assert.Equal((4, 1, 1, 1, 1, 1), (m.Received, m.Honoured, m.Refused, m.Withdrawn, m.Pending, m.ExtensionsNotified));
        Assert.Equal(11 * 24, m.TimeToHonour.MaxHours);
    }

    [Fact]
    public void Record_AddsAVerbalObjection_WithAnIdAndAuditEntry()
    {
        var result = Service.Record(Officer, new ObjectionDraft("s-verbal-1", "UK", Platform.Instagram, ObjectionChannel.Verbal, _store.Clock.UtcDateTime.AddHours(-1), true));

        Assert.True(result.Succeeded);
        var stored = Repository.Find(result.Value.Id)!;
        Assert.Equal((ObjectionChannel.Verbal, "s-verbal-1", 1), (stored.Channel, stored.SubjectRef, stored.History.Length));
        Assert.Single(_store.Get<IAuditLog>().Query(new AuditFilter(Action: "objection.recorded"), 0, 10).Entries);
        Assert.Equal(FailureKind.Validation,
            Service.Record(Officer, new ObjectionDraft("someone@example.com", "UK", Platform.Instagram, ObjectionChannel.Verbal, _store.Clock.UtcDateTime, false)).Failure!.Kind);
    }

    [Fact]
    public void Snapshot_AfterReopening_IsReadFromTheRollupsAndTheOpenIndex()
    {
        Import(Row("A"), Row("B", "honoured", "2026-01-06T09:00:00Z"));
        var before = ObjectionMetricsCalculator.Compute(Repository.Snapshot(), ObjectionFilter.All, new DateOnly(2026, 1, 15));

        _store.Reopen(demoMode: false);
        var after = ObjectionMetricsCalculator.Compute(Repository.Snapshot(), ObjectionFilter.All, new DateOnly(2026, 1, 15));

        Assert.Equal(1, after.Pending);
        Assert.Equal(Json(before), Json(after));
    }

    [Fact]
    public void Search_FindsByObjectionIdAndSubjectRef_AndPagesAndSortsTheFilteredList()
    {
        Import(Enumerable.Range(0, 30).Select(i => Row($"R{i:00}", received: $"2026-01-{1 + i % 10:00}T09:00:00Z", platform: i % 2 == 0 ? "facebook" : "instagram")).ToArray());

        Assert.Equal("R07", Assert.Single(Repository.Search(new ObjectionQuery(ObjectionFilter.All, Search: "R07")).Items).Id);
        Assert.Equal("R08", Assert.Single(Repository.Search(new ObjectionQuery(ObjectionFilter.All, Search: "s-1R08")).Items).Id);
        var page = Repository.Search(new ObjectionQuery(new ObjectionFilter(Platform: Platform.Instagram), Sort: ObjectionSort.ObjectionId, Descending: false, Skip: 5, Take: 5));
        Assert.Equal(15, page.TotalCount);
        Assert.Equal(["R11", "R13", "R15", "R17", "R19"], page.Items.Select(o => o.Id));
    }

    [Fact]
    public void Rollups_EqualABruteForceRecomputation_AfterRandomImportsAndUpdates()
    {
        var random = new Random(20260115);
        var known = new Dictionary<string, (string Received, string Jurisdiction, string Platform, string Channel, bool Open, string Extension)>();
        var start = new DateTime(2025, 8, 1, 0, 0, 0, DateTimeKind.Utc);
        string Iso(DateTime t) => t.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);
        string[] channels = ["in_app_form", "web_form", "email", "verbal", "other"];
        string[] jurisdictions = ["UK", "EU", "BR"];
        for (var round = 0; round < 12; round++)
        {
            var rows = new List<string>();
            foreach (var (id, k) in known.Where(_ => random.NextDouble() < 0.3).Where(kv => kv.Value.Open).ToList())
            {
                var receivedAt = DateTime.Parse(k.Received, CultureInfo.InvariantCulture, DateTimeStyles.AdjustToUniversal | DateTimeStyles.AssumeUniversal);
                var resolved = Iso(receivedAt.AddMinutes(random.Next(1, 60 * 24 * 50)));
                var status = random.Next(10) switch { 0 => "refused", 1 => "withdrawn", _ => "honoured" };
                rows.Add(Row(id, status, resolved, k.Received, jurisdiction: k.Jurisdiction, platform: k.Platform, channel: k.Channel, grounds: status == "refused" ? "Grounds" : "", extension: k.Extension));
                known[id] = k with { Open = false };
            }
            for (var i = 0; i < random.Next(5, 40); i++)
            {
                var id = $"P{known.Count}";
                var received = start.AddMinutes(random.Next(0, 60 * 24 * 70));
                var closed = random.Next(3) == 0;
                var extension = random.Next(6) == 0 ? Iso(received.AddDays(random.Next(0, 40))) : "";
                var k = (Iso(received), jurisdictions[random.Next(3)], random.Next(2) == 0 ? "facebook" : "instagram", channels[random.Next(5)], true, extension);
                rows.Add(closed
                    ? Row(id, "honoured", Iso(received.AddMinutes(random.Next(1, 60 * 24 * 40))), k.Item1, jurisdiction: k.Item2, platform: k.Item3, channel: k.Item4, extension: extension)
                    : Row(id, received: k.Item1, jurisdiction: k.Item2, platform: k.Item3, channel: k.Item4, extension: extension));
                known[id] = k with { Item5 = !closed };
            }
            var report = Import(rows.OrderBy(_ => random.Next()).ToArray());
            Assert.True(report.Accepted, string.Join("; ", report.Errors));
            foreach (var id in known.Where(kv => kv.Value.Open).Select(kv => kv.Key).Where(_ => random.NextDouble() < 0.05).ToList())
            {
                var current = Repository.Find(id)!;
                if (random.Next(2) == 0) Assert.True(Service.Honour(Officer, id, current.Version).Succeeded);
                else Assert.True(Service.Withdraw(Officer, id, current.Version).Succeeded);
                known[id] = known[id] with { Open = false };
            }
            _store.Clock.Advance(TimeSpan.FromDays(3));
        }

        var records = Repository.All().ToList();
        var bruteForce = BruteForce(records);
        Assert.Equal(bruteForce, Describe(Repository.StoredRollups()));
        Assert.Equal(bruteForce, Describe(Repository.Snapshot().Rollups.OrderBy(r => r.Id, StringComparer.Ordinal).ToList()));
        Assert.Equal(records.Where(o => o.IsOpen).Select(o => o.Id).Order(), Repository.Snapshot().Open.Select(o => o.Id).Order());
    }

    /// <summary>An independent recomputation: plain LINQ over the records, not the rollup code.</summary>
    private static List<string> BruteForce(List<Objection> records)
    {
        var events = new List<(string Key, string Kind, long Value)>();
        string Key(Objection o, DateTime t) => ObjectionRollup.KeyOf(o.Jurisdiction, o.Platform, o.Channel, DateOnly.FromDateTime(t));
        foreach (var o in records)
        {
            events.Add((Key(o, o.ReceivedAt), "received", 1));
            if (o.CarriedOver) events.Add((Key(o, o.ReceivedAt), "carried", 1));
            if (o.ExtensionNotifiedAt is { } e) events.Add((Key(o, e), "extension", 1));
            if (o.ResolvedAt is not { } r) continue;
            events.Add((Key(o, r), o.Status.ToString(), 1));
            var due = o.DueDate;
            if (o.Status is ObjectionStatus.Honoured or ObjectionStatus.Refused && DateOnly.FromDateTime(r) <= due) events.Add((Key(o, r), "within", 1));
            if (o.Status == ObjectionStatus.Honoured)
            {
                var ms = (long)(r - o.ReceivedAt).TotalMilliseconds;
                var hours = ms / 3_600_000;
                var bucket = hours < 2400 ? hours : Math.Min(2400 + (hours - 2400) / 24, 2700);
                events.Add((Key(o, r), $"h{bucket}", 1));
                events.Add((Key(o, r), "max", ms));
            }
        }
        return events.GroupBy(e => e.Key).OrderBy(g => g.Key, StringComparer.Ordinal).Select(g =>
        {
            long Sum(string kind) => g.Where(e => e.Kind == kind).Sum(e => e.Value);
            var hist = g.Where(e => e.Kind.StartsWith('h')).GroupBy(e => int.Parse(e.Kind[1..], CultureInfo.InvariantCulture)).OrderBy(h => h.Key).Select(h => $"{h.Key}:{h.Count()}");
            var max = g.Where(e => e.Kind == "max").Select(e => e.Value).DefaultIfEmpty(0).Max();
            return $"{g.Key} r{Sum("received")} c{Sum("carried")} h{Sum("Honoured")} f{Sum("Refused")} w{Sum("Withdrawn")} e{Sum("extension")} l{Sum("within")} [{string.Join(",", hist)}] m{max}";
        }).ToList();
    }

    private static List<string> Describe(IReadOnlyList<ObjectionRollup> rollups) => rollups.Select(r =>
        $"{r.Id} r{r.Received} c{r.CarriedOver} h{r.Honoured} f{r.Refused} w{r.Withdrawn} e{r.ExtensionsNotified} l{r.AnsweredWithinLimit} " +
        $"[{string.Join(",", r.HonourBuckets.Zip(r.HonourCounts, (b, c) => $"{b}:{c}"))}] m{r.MaxHonourMs}").ToList();

    private static string Json(ObjectionMetrics m) => System.Text.Json.JsonSerializer.Serialize(m);

    public sealed class OnLiteDb() : ObjectionImportTests(StoreProvider.LiteDb);

    public sealed class OnPostgres() : ObjectionImportTests(StoreProvider.Postgres);
}

public abstract class DemoObjectionsTests(StoreProvider provider)
{
    [Fact]
    public void Seed_AddsTheConfiguredNumberOfObjections_ATellingMix_AndSeedingTwiceChangesNothing()
    {
        using var store = TestStore.Create(provider, demoMode: true);
        Assert.True(store.Get<ComplianceDashboard.Core.Demo.DemoProgramme>().Seed().Succeeded);
        var repository = store.Get<IObjectionRepository>();
        var rollups = repository.StoredRollups().Count;
        var head = store.Get<IAuditLog>().Head();

        Assert.Equal(0, store.Get<ComplianceDashboard.Core.Demo.DemoProgramme>().Seed().Value);

        var all = repository.All().ToList();
        Assert.Equal(200 + 20 + 10, all.Count);
        Assert.Equal(head, store.Get<IAuditLog>().Head());
        Assert.Equal(rollups, repository.StoredRollups().Count);
        Assert.True(all.Count(o => o.Status == ObjectionStatus.Honoured) > all.Count * 0.8);
        Assert.All(all, o => Assert.True(o.ReceivedAt < store.Clock.UtcDateTime.Date));
        var metrics = ObjectionMetricsCalculator.Compute(repository.Snapshot(), ObjectionFilter.All, DateOnly.FromDateTime(store.Clock.UtcDateTime));
        Assert.Equal(all.Count, metrics.Received);
        Assert.InRange(metrics.TimeToHonour.MedianHours!.Value, 12, 72);
    }

    public sealed class OnLiteDb() : DemoObjectionsTests(StoreProvider.LiteDb);

    public sealed class OnPostgres() : DemoObjectionsTests(StoreProvider.Postgres);
}
