using System.Net.Http.Headers;
using System.Text.Json;
using ComplianceDashboard.Core.Common;
using ComplianceDashboard.Core.Compliance;
using ComplianceDashboard.Core.Evidence;
using ComplianceDashboard.Core.Identity;
using ComplianceDashboard.Web.Evidence;
using CsCheck;

namespace ComplianceDashboard.Web.Tests.HostileInput;

/// <summary>
/// Property-based sweep of the JSON bodies (training-run registrations, evidence-pack requests) and of pack verification
/// uploads through the real app: bodies built from valid ones by <see cref="JsonMutation"/>s. The answer is a success,
/// a 400 that names a field, 413 or 415, or the endpoint's own documented refusal (404 unknown jurisdiction, 409); never a
/// 5xx. A 400/413/415 leaves the audit chain and the store as they were; an accepted body reads back as sent after the
/// identifier rule's normalisation.
/// </summary>
public sealed class JsonBodyProperties(HostileInputFactory factory) : IClassFixture<HostileInputFactory>
{
    private DateTime Now => factory.Get<TimeProvider>().GetUtcNow().UtcDateTime;

    private JsonBody ValidRun(string runId) => JsonBody.Of(
        ("jurisdiction", "UK"), ("runId", runId), ("datasetSnapshotId", "snap-1"),
        ("dataCutoffAt", Now.AddDays(-3).ToString("yyyy-MM-ddTHH:mm:ssZ")), ("objectionCutoffAt", Now.AddDays(-2).ToString("yyyy-MM-ddTHH:mm:ssZ")),
        ("suppressionListSha256", new string('a', 64)), ("suppressionListSize", 42L), ("objectorsFoundAfterExclusion", 0L));

    private static readonly JsonBody ValidPack = JsonBody.Of(
        ("jurisdiction", "UK"), ("periodFrom", "2026-01-01"), ("periodTo", "2026-03-31"), ("asOf", "2026-04-01T00:00:00Z"),
        ("audience", "internal"), ("classification", "CONFIDENTIAL"));

    private static HttpContent Content(byte[] bytes, IReadOnlyList<JsonMutation> mutations, string type = "application/json")
    {
        var content = new ByteArrayContent(bytes);
        content.Headers.ContentType = new MediaTypeHeaderValue(mutations[0].D % 7 == 0 ? "text/plain" : type);
        return content;
    }

    [Fact]
    public Task TrainingRunRegistration_AnswersEveryMutatedBody_WithoutA500_AndRegistersOnlyWhatItAccepts() =>
        JsonMutation.Several.SampleAsync(async mutations =>
        {
            factory.Ready();
            var runs = factory.Get<TrainingRunService>();
            var runId = PropertyRun.FreshPrefix() + "run";
            var (bytes, body) = JsonMutation.Apply(ValidRun(runId), mutations, HostileInputFactory.MaxJsonDepth);
            var before = factory.AuditHead;

            var answer = await factory.SendAsync(HttpMethod.Post, "/api/v1/training-runs", Content(bytes, mutations), ApiScope.Ingest);

            answer.AssertOneOf(200, 201, 400, 404, 409, 413, 415);
            answer.AssertNamesAField("fieldErrors");
            if (answer.IsRefusal)
            {
                Assert.Equal(before, factory.AuditHead);
                Assert.Null(runs.Find(runId));
            }
            else if (answer.Status == 201 && body is not null)
            {
                var stored = runs.Find(Identifier.Normalise(body.Text("runId")));
                Assert.NotNull(stored);
                Assert.Equal(Identifier.Normalise(body.Text("datasetSnapshotId")), stored.DatasetSnapshotId);
                Assert.Null(Identifier.Problem("runId", stored.Id));
                Assert.Null(Identifier.Problem("datasetSnapshotId", stored.DatasetSnapshotId));
            }
        }, seed: PropertyRun.Seed, iter: PropertyRun.Cases(250), threads: 1);

    [Fact]
    public Task EvidencePackRequest_AnswersEveryMutatedBody_WithoutA500_AndQueuesOnlyWhatItAccepts() =>
        JsonMutation.Several.SampleAsync(async mutations =>
        {
            factory.Ready();
            var (bytes, body) = JsonMutation.Apply(ValidPack, mutations, HostileInputFactory.MaxJsonDepth);
            var queue = factory.Get<EvidencePackQueue>();
            var before = factory.AuditHead;

            var answer = await factory.SendAsync(HttpMethod.Post, "/api/v1/evidence-packs", Content(bytes, mutations), ApiScope.Reports);

            answer.AssertOneOf(200, 202, 400, 404, 413, 415);
            answer.AssertNamesAField();
            if (answer.IsRefusal)
            {
                Assert.Equal(before, factory.AuditHead);
                Assert.Empty(queue.Active());
                return;
            }
            if (answer.Status != 202) return;
            var id = answer.Json.GetProperty("id").GetString()!;
            await GeneratedAsync(queue, id);
            if (body is null) return;
            var pack = factory.Get<EvidencePackService>().Find(id);
            Assert.NotNull(pack);
            Assert.Equal(Identifier.Normalise(body.Text("classification")), pack.Parameters.Classification);
            Assert.Null(Identifier.Problem("classification", pack.Parameters.Classification));
        }, seed: PropertyRun.Seed, iter: PropertyRun.Cases(150), threads: 1);

    [Fact]
    public Task PackVerification_AnswersEveryMutatedUpload_WithoutA500() =>
        Gen.Select(JsonMutation.Several, Gen.Int[0, 4], (mutations, shape) => (mutations, shape)).SampleAsync(async sample =>
        {
            factory.Ready();
            var (mutations, shape) = sample;
            var (json, _) = JsonMutation.Apply(ValidPack, mutations, HostileInputFactory.MaxJsonDepth);
            byte[] bytes = shape switch
            {
                0 => [.. "%PDF-1.7\n"u8, .. json, .. "\n%%EOF"u8],
                1 => json,
                2 => [],
                3 => [.. "%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF"u8],
                _ => new byte[HostileInputFactory.FileLimit + 1 + mutations[0].A],
            };
            var before = factory.AuditHead;

            var answer = await factory.SendAsync(HttpMethod.Post, "/api/v1/evidence-packs/verify", Content(bytes, mutations, "application/pdf"), ApiScope.Read);

            answer.AssertOneOf(200, 400, 413, 415);
            answer.AssertNamesAField();
            if (answer.IsRefusal) Assert.Equal(before, factory.AuditHead);
            else Assert.False(answer.Json.GetProperty("verified").GetBoolean());
        }, seed: PropertyRun.Seed, iter: PropertyRun.Cases(200), threads: 1);

    /// <summary>Waits until the queue has finished the pack (generated or failed), so its audit entries are in before the next case.</summary>
    private static async Task GeneratedAsync(EvidencePackQueue queue, string id)
    {
        var finished = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        void OnChanged(GenerationJob job)
        {
            if (job.PackId == id && job.State is GenerationState.Done or GenerationState.Failed) finished.TrySetResult();
        }
        queue.Changed += OnChanged;
        try
        {
            if (queue.Find(id)?.State is not (GenerationState.Queued or GenerationState.Running)) finished.TrySetResult();
            await finished.Task.WaitAsync(HostileInputFactory.Bound);
        }
        finally
        {
            queue.Changed -= OnChanged;
        }
    }
}
