using System.Globalization;
using System.Text;
using System.Text.Json;
using ComplianceDashboard.Core.Common;
using ComplianceDashboard.Core.Identity;
using ComplianceDashboard.Core.Jurisdictions;
using ComplianceDashboard.Core.Objections;
using ComplianceDashboard.Storage.LiteDb.Tests.Common;

namespace ComplianceDashboard.Storage.LiteDb.Tests.Objections;

/// <summary>
/// The same files and actions on a LiteDB store and a PostgreSQL store, side by side: the import errors (line, column and
/// message), the records, the rollups, the snapshot and every as-of read are identical. The C# import and the SQL import
/// are two implementations of one set of rules; this is what holds them together.
/// </summary>
public sealed class ObjectionStoresAgreeTests : IDisposable
{
    private static readonly Actor Officer = Actor.User("officer@demo.example", "Olivia Officer", Role.ComplianceOfficer);
    private readonly TestStore _lite = TestStore.Create(StoreProvider.LiteDb, demoMode: false);
    private readonly TestStore _postgres = TestStore.Create(StoreProvider.Postgres, demoMode: false);

    public ObjectionStoresAgreeTests()
    {
        foreach (var store in Both)
            foreach (var code in new[] { "UK", "EU", "BR" })
                Assert.True(store.Get<JurisdictionService>().CreateFromPreset(Actor.System, code).Succeeded);
    }

    public void Dispose()
    {
        _lite.Dispose();
        _postgres.Dispose();
    }

    private TestStore[] Both => [_lite, _postgres];

    private static string Iso(DateTime t) => t.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture);

    /// <summary>A varied first file: every status, extensions with and without a reason, long and short times to honour, three jurisdictions.</summary>
    private static string[] FirstFile()
    {
        var random = new Random(20261206);
        var start = new DateTime(2025, 6, 1, 0, 0, 0, DateTimeKind.Utc);
        string[] statuses = ["received", "received", "honoured", "honoured", "honoured", "refused", "withdrawn"];
        string[] channels = ["in_app_form", "web_form", "email", "verbal", "other"];
        return Enumerable.Range(0, 400).Select(i =>
        {
            var received = start.AddMinutes(random.Next(0, 60 * 24 * 120)).AddMilliseconds(random.Next(1000));
            var status = statuses[random.Next(statuses.Length)];
            var resolved = status == "received" ? "" : Iso(received.AddMinutes(random.Next(1, 60 * 24 * (random.Next(8) == 0 ? 100 : 20))));
            var extension = random.Next(5) == 0 ? Iso(received.AddDays(random.Next(0, 40))) : "";
            var reason = extension.Length > 0 && random.Next(2) == 0 ? "Complex; \"many\" accounts" : "";
            return $"A{i:D4},psn-{i},{new[] { "UK", "EU", "BR" }[random.Next(3)]},{(random.Next(2) == 0 ? "facebook" : "instagram")}," +
                   $"{channels[random.Next(5)]},{Iso(received)},{status},{resolved},{(status == "refused" ? "Unverifiable" : "")}," +
                   $"{(random.Next(10) == 0 ? "true" : "false")},{extension},\"{reason.Replace("\"", "\"\"", StringComparison.Ordinal)}\"";
        }).ToArray();
    }

    private static ImportReport Import(TestStore store, IEnumerable<string> rows) =>
        store.Get<ObjectionService>().Import(Officer, new MemoryStream(Encoding.UTF8.GetBytes(
            ObjectionImportTests.Header + ",extension_reason\n" + string.Join("\n", rows))), "agree.csv").Value;

    private ImportReport ImportOnBoth(IEnumerable<string> rows, bool accepted = true)
    {
        var list = rows.ToList();
        var (lite, postgres) = (Import(_lite, list), Import(_postgres, list));
        Assert.Equal(accepted, lite.Accepted);
        Assert.Equal(lite.Errors, postgres.Errors);
        Assert.Equal((lite.Accepted, lite.Inserted, lite.Updated, lite.Unchanged), (postgres.Accepted, postgres.Inserted, postgres.Updated, postgres.Unchanged));
        return lite;
    }

    [Fact]
    public void ImportsActionsAndReads_GiveTheSameErrorsRecordsRollupsAndAnswers_OnBothStores()
    {
        var first = FirstFile();
        ImportOnBoth(first);
        ImportOnBoth(first);
        var stored = _lite.Get<IObjectionRepository>().All().ToDictionary(o => o.Id);
        // Moving forward: open ones resolved or extended, with new rows among them.
        var second = first.Select(line => line.Split(',')).Where(f => f[6] == "received").Take(60).Select((f, i) =>
        {
            var received = stored[f[0]].ReceivedAt;
            if (i % 3 == 0 && f[10].Length == 0) f[10] = Iso(received.AddDays(3));
            else { f[6] = i % 3 == 1 ? "honoured" : "withdrawn"; f[7] = Iso(received.AddHours(i + 1)); }
            return string.Join(",", f);
        }).Concat(["N0001,psn-n1,UK,facebook,email,2025-12-01T10:00:00Z,honoured,2025-12-02T10:00:00Z,,false,,"]);
        ImportOnBoth(second);
        // Every kind of conflict, then a file with errors of its own.
        var honoured = first.Where(l => l.Contains(",honoured,", StringComparison.Ordinal)).Select(l => l.Split(',')).ToList();
        var (resolved, another) = (honoured[0], honoured[1]);
        var open = first.Where(l => l.Contains(",received,,", StringComparison.Ordinal)).Skip(70).First().Split(',');
        var conflicts = ImportOnBoth([
            string.Join(",", resolved.Select((v, i) => i == 6 ? "received" : i == 7 ? "" : v)),
            string.Join(",", open.Select((v, i) => i == 1 ? "psn-other" : i == 2 ? (v == "UK" ? "EU" : "UK") : v)),
            string.Join(",", open.Select((v, i) => i is 0 ? "Z1" : v)),
            string.Join(",", another.Select((v, i) => i == 3 ? (v == "facebook" ? "instagram" : "facebook") : i == 4 ? (v == "email" ? "verbal" : "email") : i == 9 ? (v == "true" ? "false" : "true") : v)),
            string.Join(",", honoured[2].Select((v, i) => i == 5 ? Iso(DateTime.Parse(v, CultureInfo.InvariantCulture, DateTimeStyles.AdjustToUniversal).AddSeconds(-1)) : v)),
        ], accepted: false);
        Assert.Equal(["status", "subject_ref", "jurisdiction", "platform", "channel", "prior_objection", "received_at"], conflicts.Errors.Select(e => e.Column));
        ImportOnBoth(["B1,psn,UK,facebook,email,2025-12-01T10:00:00Z,refused,2025-12-02T10:00:00Z,,false,,", "B1,psn,XX,myspace,fax,yesterday,gone,,,maybe,,"], accepted: false);
        foreach (var store in Both)
        {
            var service = store.Get<ObjectionService>();
            var someOpen = store.Get<IObjectionRepository>().Find(open[0])!;
            Assert.True(service.Honour(Officer, open[0], someOpen.Version).Succeeded);
            store.Clock.Advance(TimeSpan.FromDays(1));
        }

        Assert.Equal(Records(_lite), Records(_postgres));
        Assert.Equal(Json(_lite.Get<IObjectionRepository>().StoredRollups()), Json(_postgres.Get<IObjectionRepository>().StoredRollups()));
        Assert.Equal(Snapshot(_lite), Snapshot(_postgres));
        foreach (var asOf in new[] { new DateTime(2025, 10, 15, 12, 0, 0, DateTimeKind.Utc), new DateTime(2026, 1, 1, 0, 0, 0, DateTimeKind.Utc), _lite.Clock.UtcDateTime })
            foreach (var code in new[] { "UK", "EU", "BR" })
                Assert.Equal(Reads(_lite, code, asOf), Reads(_postgres, code, asOf));
        var filter = new ObjectionFilter("UK", From: new DateOnly(2025, 10, 1), To: new DateOnly(2025, 11, 30));
        Assert.Equal(Json(_lite.Get<ObjectionService>().Metrics(filter)), Json(_postgres.Get<ObjectionService>().Metrics(filter)));
        // The sorts whose keys are unique here (LiteDB leaves the order of ties to its sort).
        foreach (var sort in new[] { ObjectionSort.ReceivedAt, ObjectionSort.ObjectionId })
        {
            var query = new ObjectionQuery(new ObjectionFilter("UK"), Sort: sort, Skip: 10, Take: 20);
            Assert.Equal(Page(_lite, query), Page(_postgres, query));
        }
    }

    private static string Json(object value) => JsonSerializer.Serialize(value);

    /// <summary>Every record with its batch id left out (each store's import draws its own random batch id).</summary>
    private static List<string> Records(TestStore store) =>
        store.Get<IObjectionRepository>().All().OrderBy(o => o.Id, StringComparer.Ordinal)
            .Select(o => Json(o with { BatchId = o.BatchId == "manual" ? "manual" : "import" })).ToList();

    private static string Snapshot(TestStore store)
    {
        var snapshot = store.Get<IObjectionRepository>().Snapshot();
        return Json(new
        {
            Rollups = snapshot.Rollups.OrderBy(r => r.Id, StringComparer.Ordinal),
            Open = snapshot.Open.OrderBy(o => o.Id, StringComparer.Ordinal),
        });
    }

    private static string Reads(TestStore store, string code, DateTime asOf)
    {
        var repository = store.Get<IObjectionRepository>();
        var day = DateOnly.FromDateTime(asOf);
        return Json(new
        {
            OpenAt = repository.OpenAt(code, asOf).OrderBy(o => o.Id, StringComparer.Ordinal),
            OpenCount = repository.OpenCountAt(code, asOf),
            Overdue = repository.OverdueAt(code, asOf).OrderBy(o => o.Id, StringComparer.Ordinal),
            RefusedBy = repository.RefusedBy(code, asOf).Select(o => o.Id),
            RefusedOnDays = repository.RefusedOnDays(code, day.AddDays(-60), day).Select(o => o.Id),
            ExtendedOnDays = repository.ExtendedOnDays(code, day.AddDays(-60), day).Select(o => o.Id),
        });
    }

    private static string Page(TestStore store, ObjectionQuery query)
    {
        var page = store.Get<ObjectionService>().Search(query);
        return Json(new { page.TotalCount, Ids = page.Items.Select(o => o.Id) });
    }
}
