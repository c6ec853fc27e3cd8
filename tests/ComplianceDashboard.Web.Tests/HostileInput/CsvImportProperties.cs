using System.Net.Http.Headers;
using System.Text;
using ComplianceDashboard.Core.Common;
using ComplianceDashboard.Core.Complaints;
using ComplianceDashboard.Core.Identity;
using ComplianceDashboard.Core.Objections;
using ComplianceDashboard.Core.Rollout;
using CsCheck;

namespace ComplianceDashboard.Web.Tests.HostileInput;

/// <summary>
/// Property-based sweep of the three CSV imports through the real app: every file is a valid one changed by one to three
/// <see cref="CsvMutation"/>s. Whatever arrives, the answer is 200, 400, 413 or 415 (never a 5xx, never a hang past
/// <see cref="HostileInputFactory.Bound"/>); a 400 names a line or column; a refused file leaves the audit chain and the
/// store as they were; an accepted file reads back as sent, after the identifier rule's normalisation (trim, NFC).
/// </summary>
public sealed class CsvImportProperties(HostileInputFactory factory) : IClassFixture<HostileInputFactory>
{
    private const long Cases = 250;

    public static readonly CsvModel ValidObjections = new(
        [.. ObjectionCsv.RequiredColumns, ObjectionCsv.OptionalColumn],
        [
            ["r1", "s-1", "UK", "instagram", "email", "2025-06-01T09:00:00Z", "honoured", "2025-06-02T09:00:00Z", "", "false", "", ""],
            ["r2", "s-2", "UK", "facebook", "web_form", "2025-06-03T09:00:00Z", "refused", "2025-06-04T09:00:00Z", "Overriding legitimate grounds", "true", "", ""],
            ["r3", "s-3", "EU", "facebook", "in_app_form", "2025-06-05T09:00:00Z", "received", "", "", "false", "2025-06-06T09:00:00Z", "Complex request"],
        ]);

    public static readonly CsvModel ValidComplaints = new(
        ComplaintCsv.RequiredColumns,
        [
            ["c1", "s-c1", "UK", "post", "2025-03-03T09:00:00Z", "children", "", "2025-03-10T09:00:00Z", "2025-03-20T09:00:00Z", "not_upheld", "Explained the safeguards.", "2025-04-02T09:00:00Z", "ICO-7"],
            ["c2", "s-c2", "UK", "email", "2025-07-01T09:00:00Z", "other", "", "", "", "", "", "", ""],
        ]);

    public static readonly CsvModel ValidDelivery = new(
        DeliveryStatsCsv.Columns.ToArray(),
        [
            ["HOSTILE-FB", "wave-1", "2026-01-10", "facebook", "in_app", "1000", "900", "800", "700", "50", "10", "5", "0", "20"],
            ["HOSTILE-FB", "wave-1", "2026-01-11", "facebook", "in_app", "1000", "900", "800", "700", "50", "10", "5", "0", "20"],
        ]);

    private static readonly HashSet<string> ObjectionIds = ["objection_id"];
    private static readonly HashSet<string> ComplaintIds = ["complaint_id"];

    /// <summary>A text/csv body, a multipart file or (one case in five) a content type no import takes.</summary>
    public static HttpContent Content(byte[] bytes, IReadOnlyList<CsvMutation> mutations)
    {
        var body = new ByteArrayContent(bytes);
        switch (mutations[0].D % 5)
        {
            case 0:
                body.Headers.ContentType = new MediaTypeHeaderValue("text/csv");
                return new MultipartFormDataContent { { body, "file", "hostile.csv" } };
            case 1:
                body.Headers.ContentType = new MediaTypeHeaderValue("text/plain");
                return body;
            default:
                body.Headers.ContentType = new MediaTypeHeaderValue("text/csv") { CharSet = "utf-8" };
                return body;
        }
    }

    private static string? Text(string? value) => string.IsNullOrWhiteSpace(value) ? null : value.Trim().Normalize(Identifier.Normalisation);

    [Fact]
    public Task ObjectionsImport_AnswersEveryMutatedFile_WithoutA500_AndWritesAllOrNothing() =>
        CsvMutation.Several.SampleAsync(async mutations =>
        {
            var objections = factory.Get<IObjectionRepository>();
            var prefix = PropertyRun.FreshPrefix();
            var (bytes, model) = CsvMutation.Apply(ValidObjections, mutations, prefix, ObjectionIds, HostileInputFactory.MaxRows);
            factory.Ready();
            var before = factory.AuditHead;

            var answer = await factory.SendAsync(HttpMethod.Post, "/api/v1/objections", Content(bytes, mutations), ApiScope.Ingest);

            answer.AssertOneOf(200, 400, 413, 415);
            answer.AssertNamesALine();
            if (answer.IsRefusal)
            {
                Assert.Equal(before, factory.AuditHead);
                foreach (var row in ValidObjections.Rows) Assert.Null(objections.Find(prefix + row[0]));
            }
            else if (model is not null)
            {
                foreach (var row in model.Rows)
                {
                    var stored = objections.Find(Identifier.Normalise(prefix + model.Value(row, "objection_id")));
                    Assert.NotNull(stored);
                    Assert.Equal(Identifier.Normalise(model.Value(row, "subject_ref")), stored.SubjectRef);
                    Assert.Null(Identifier.Problem("subject_ref", stored.SubjectRef));
                    Assert.Null(Identifier.Problem("objection_id", stored.Id));
                    Assert.Equal(Text(model.Value(row, "refusal_grounds")), stored.RefusalGrounds);
                    Assert.Equal(Text(model.Value(row, ObjectionCsv.OptionalColumn)), stored.ExtensionReason);
                }
            }
        }, seed: PropertyRun.Seed, iter: PropertyRun.Cases(Cases), threads: 1);

    [Fact]
    public Task ComplaintsImport_AnswersEveryMutatedFile_WithoutA500_AndWritesAllOrNothing() =>
        CsvMutation.Several.SampleAsync(async mutations =>
        {
            var complaints = factory.Get<IComplaintRepository>();
            var prefix = PropertyRun.FreshPrefix();
            var (bytes, model) = CsvMutation.Apply(ValidComplaints, mutations, prefix, ComplaintIds, HostileInputFactory.MaxRows);
            factory.Ready();
            var before = factory.AuditHead;

            var answer = await factory.SendAsync(HttpMethod.Post, "/api/v1/complaints", Content(bytes, mutations), ApiScope.Ingest);

            answer.AssertOneOf(200, 400, 413, 415);
            answer.AssertNamesALine();
            if (answer.IsRefusal)
            {
                Assert.Equal(before, factory.AuditHead);
                foreach (var row in ValidComplaints.Rows) Assert.Null(complaints.Find(prefix + row[0]));
            }
            else if (model is not null)
            {
                foreach (var row in model.Rows)
                {
                    var stored = complaints.Find(Identifier.Normalise(prefix + model.Value(row, "complaint_id")));
                    Assert.NotNull(stored);
                    Assert.Equal(Identifier.Normalise(model.Value(row, "subject_ref")), stored.SubjectRef);
                    Assert.Null(Identifier.Problem("subject_ref", stored.SubjectRef));
                    Assert.Equal(Text(model.Value(row, "outcome_summary")), stored.OutcomeSummary);
                    Assert.Equal(Text(model.Value(row, "regulator_reference")), stored.RegulatorReference);
                }
            }
        }, seed: PropertyRun.Seed, iter: PropertyRun.Cases(Cases), threads: 1);

    [Fact]
    public Task DeliveryStatisticsImport_AnswersEveryMutatedFile_WithoutA500_AndWritesAllOrNothing() =>
        CsvMutation.Several.SampleAsync(async mutations =>
        {
            var stats = factory.Get<IDeliveryStatsRepository>();
            var (bytes, model) = CsvMutation.Apply(ValidDelivery, mutations, "", new HashSet<string>(), HostileInputFactory.MaxRows);
            factory.Ready();
            var before = factory.AuditHead;
            var rowsBefore = stats.All().ToList();

            var answer = await factory.SendAsync(HttpMethod.Post, "/api/v1/rollout/delivery-stats", Content(bytes, mutations), ApiScope.Ingest);

            answer.AssertOneOf(200, 400, 413, 415);
            answer.AssertNamesALine();
            if (answer.IsRefusal)
            {
                Assert.Equal(before, factory.AuditHead);
                Assert.Equal(rowsBefore, stats.All());
            }
            else if (model is not null)
            {
                var stored = stats.All();
                foreach (var row in model.Rows)
                {
                    var date = DateOnly.ParseExact(model.Value(row, "date")!.Trim(), "yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture);
                    Assert.True(DeliveryTokens.TryParseChannel(model.Value(row, "channel")!.Trim(), out var channel));
                    var match = Assert.Single(stored, s => s.Date == date && s.Channel == channel && s.CohortCode == Identifier.Normalise(model.Value(row, "cohort")).ToLowerInvariant());
                    Assert.Equal(long.Parse(model.Value(row, "eligible")!.Trim(), System.Globalization.CultureInfo.InvariantCulture), match.Eligible);
                }
            }
        }, seed: PropertyRun.Seed, iter: PropertyRun.Cases(Cases), threads: 1);
}
