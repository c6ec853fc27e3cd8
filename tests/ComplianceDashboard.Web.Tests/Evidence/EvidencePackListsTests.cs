using System.Text;
using ComplianceDashboard.Core.Common;
using ComplianceDashboard.Core.Evidence;
using ComplianceDashboard.Core.Objections;
using ComplianceDashboard.Reports.Documents;
using ComplianceDashboard.Web.Tests.Hosting;
using Microsoft.Extensions.DependencyInjection;
using UglyToad.PdfPig;

namespace ComplianceDashboard.Web.Tests.Evidence;

/// <summary>The objection-handling section lists every refusal with its grounds and every extension with its reason.</summary>
public sealed class EvidencePackListsTests(DashboardFactory factory) : IClassFixture<DashboardFactory>
{
    private const string Grounds = "Court preservation order 4471";
    private const string Reason = "Linked accounts in three regions";

    private T Get<T>() where T : notnull => factory.Services.GetRequiredService<T>();

    private Objection RecordObjection()
    {
        var now = TimeProviderExtensions.TruncateToMs(Get<TimeProvider>().GetUtcNow().UtcDateTime);
        var recorded = Get<ObjectionService>().Record(Actor.System,
            new ObjectionDraft($"subj-{Guid.NewGuid():N}", "UK", Platform.Instagram, ObjectionChannel.Email, now.AddHours(-3), false));
        Assert.True(recorded.Succeeded, recorded.Failure?.Message);
        return recorded.Value;
    }

    private static (string Text, IReadOnlyDictionary<string, string> Files) Read(byte[] pdf)
    {
        using var document = PdfDocument.Open(pdf);
        var text = string.Join(" ", document.GetPages().SelectMany(p => p.GetWords()).Select(w => w.Text));
        Assert.True(document.Advanced.TryGetEmbeddedFiles(out var files));
        return (text, files.ToDictionary(f => f.Name, f => Encoding.UTF8.GetString(f.Bytes.ToArray())));
    }

    [Fact]
    public void APack_ListsASpecificRefusalWithItsGrounds_AndAnExtensionWithItsReason_AndAttachesEveryOneAsCsv()
    {
        var objections = Get<ObjectionService>();
        var extended = RecordObjection();
        var notified = objections.NotifyExtension(Actor.System, extended.Id, extended.Version, Reason);
        Assert.True(notified.Succeeded, notified.Failure?.Message);
        var refused = RecordObjection();
        Assert.True(objections.Refuse(Actor.System, refused.Id, refused.Version, Grounds).Succeeded);
        // As of now, not one second earlier: the pack must see both answers.
        var parameters = EvidencePackGenerationTests.UkParameters(factory.Services) with
        {
            AsOf = TimeProviderExtensions.TruncateToMs(Get<TimeProvider>().GetUtcNow().UtcDateTime), Classification = "lists",
        };

        var generated = Get<EvidencePackService>().Generate(EvidencePackGenerationTests.Officer, parameters);
        Assert.True(generated.Succeeded, generated.Failure?.Message);
        var (text, files) = Read(Get<EvidencePackService>().Pdf(generated.Value.Id)!);

        Assert.Contains("Refusals and their grounds", text);
        Assert.Contains("Extensions and their reasons", text);
        Assert.Contains(refused.Id, text);
        Assert.Contains(Grounds, text);
        Assert.Contains(extended.Id, text);
        Assert.Contains(Reason, text);
        // Independently: every refusal answered and every extension notified on the period's days, from the records.
        var p = generated.Value.Parameters;
        var asOfDay = DateOnly.FromDateTime(p.AsOf);
        bool InPeriod(DateTime? at) => at is { } t && DateOnly.FromDateTime(t) >= p.PeriodFrom && DateOnly.FromDateTime(t) <= asOfDay;
        var records = Get<IObjectionRepository>().All().Where(o => o.Jurisdiction == "UK").ToList();
        var refusals = records.Where(o => o.Status == ObjectionStatus.Refused && InPeriod(o.ResolvedAt)).ToList();
        var extensions = records.Where(o => InPeriod(o.ExtensionNotifiedAt)).ToList();
        var refusalsCsv = files["refusals.csv"].Split("\r\n", StringSplitOptions.RemoveEmptyEntries);
        var extensionsCsv = files["extensions.csv"].Split("\r\n", StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal("objection_id,platform,channel,received_at,refused_at,due_date,within_legal_limit,grounds", refusalsCsv[0]);
        Assert.Equal(refusals.Select(o => o.Id).Order(StringComparer.Ordinal), refusalsCsv.Skip(1).Select(l => l.Split(',')[0]).Order(StringComparer.Ordinal));
        Assert.Equal(extensions.Select(o => o.Id).Order(StringComparer.Ordinal), extensionsCsv.Skip(1).Select(l => l.Split(',')[0]).Order(StringComparer.Ordinal));
        Assert.Contains(refusalsCsv, l => l.StartsWith(refused.Id + ",instagram,email,", StringComparison.Ordinal) && l.EndsWith("," + Grounds, StringComparison.Ordinal));
        Assert.Contains(extensionsCsv, l => l.StartsWith(extended.Id + ",instagram,email,", StringComparison.Ordinal) && l.EndsWith("," + Reason, StringComparison.Ordinal));
    }

    [Fact]
    public void AHugeList_PrintsTheFirstRowsUnderARepeatedHeader_SaysHowManyMore_AndAttachesThemAllSafely()
    {
        var parameters = EvidencePackGenerationTests.UkParameters(factory.Services) with { Classification = "huge lists" };
        var snapshot = Get<EvidenceSnapshotBuilder>().Build(parameters)!;
        var at = parameters.AsOf.AddDays(-1);
        var refusals = Enumerable.Range(1, 400).Select(i => new PackRefusal
        {
            ObjectionId = $"obj-{i:D5}", Platform = Platform.Facebook, Channel = ObjectionChannel.WebForm, ReceivedAt = at.AddDays(-3), RefusedAt = at,
            DueDate = DateOnly.FromDateTime(at), WithinLegalLimit = true, Grounds = i == 400 ? "=HYPERLINK(\"http://evil.example\")" : $"Grounds number {i}",
        }).ToArray();
        snapshot = snapshot with { Refusals = refusals };

        var rendered = Get<IEvidencePackRenderer>().Render(new EvidencePackHeader("EP-UK-0000000000000000", snapshot.Sha256(), "test", Demo: true), snapshot);

        var (text, files) = Read(rendered.Pdf);
        var cap = EvidencePackDocument.ListedRowsCap;
        Assert.Contains($"obj-{cap:D5}", text);
        Assert.Contains($"Grounds number {cap}", text);
        Assert.DoesNotContain($"obj-{cap + 1:D5}", text);
        Assert.Contains($"… and {400 - cap} more refusals — all 400 are in the attached refusals.csv.", text);
        using (var document = PdfDocument.Open(rendered.Pdf))
        {
            var pagesWithRows = document.GetPages().Where(page => page.Text.Contains("obj-00")).ToList();
            Assert.True(pagesWithRows.Count >= 2, "150 refusals should span more than one page.");
            Assert.All(pagesWithRows, page => Assert.Contains("ObjectionReceivedRefusedIntimeGrounds", page.Text.Replace(" ", "")));
        }
        var csv = files["refusals.csv"].Split("\r\n", StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(401, csv.Length);
        Assert.EndsWith(",\"'=HYPERLINK(\"\"http://evil.example\"\")\"", csv[^1]);
    }
}
