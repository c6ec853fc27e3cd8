using ComplianceDashboard.Core.Audit;
using ComplianceDashboard.Core.Common;
using ComplianceDashboard.Core.Jurisdictions;

namespace ComplianceDashboard.Storage.LiteDb.Tests.Common;

public sealed class DurabilityTests : IDisposable
{
    private static readonly TimeSpan Generous = TimeSpan.FromMinutes(2);

    private readonly string _folder = TestStore.NewFolder();

    public void Dispose()
    {
        if (Directory.Exists(_folder)) Directory.Delete(_folder, recursive: true);
    }

    [Fact]
    public async Task AcknowledgedWrites_SurviveTheWritingProcessBeingKilled()
    {
        List<string> acknowledged;
        using (var probe = DurabilityProbe.Start(_folder))
        {
            await probe.WaitForAcksAsync(50, Generous);

            await probe.KillAsync(Generous);

            Assert.NotEqual(0, probe.ExitCode);
            acknowledged = probe.Acks.ToList();
        }

        Assert.True(acknowledged.Count >= 50, $"only {acknowledged.Count} acknowledgements");
        using var store = TestStore.Open(_folder);
        var jurisdictions = store.Get<IJurisdictionRepository>();
        var missing = acknowledged.Where(code => jurisdictions.Find(code) is null).ToList();
        Assert.True(missing.Count == 0, $"{missing.Count} of {acknowledged.Count} acknowledged writes were lost, e.g. {string.Join(", ", missing.Take(5))}");
        var chain = store.Get<AuditService>().Verify(Actor.System).Value;
        Assert.True(chain.Intact, chain.Describe());
        Assert.True(chain.Count >= acknowledged.Count);
    }

    [Fact]
    public async Task TenRandomKills_WhileImportingAndCheckpointing_LoseNothing_AndLeaveNoHalfImport()
    {
        var json = Path.Combine(_folder, "..", $"{Path.GetFileName(_folder)}-drill.json");
        using var drill = DurabilityProbe.StartDrill(_folder, iterations: 10, json);

        var exitCode = await drill.WaitForExitAsync(TimeSpan.FromMinutes(10));

        using var report = System.Text.Json.JsonDocument.Parse(File.ReadAllText(json));
        File.Delete(json);
        int Figure(string name) => report.RootElement.GetProperty(name).GetInt32();
        Assert.Equal(10, Figure("iterations"));
        Assert.True(Figure("kills") >= 8, $"only {Figure("kills")} of 10 iterations ended in a kill");
        Assert.True(Figure("acknowledged_batches") > 0);
        Assert.Equal(0, Figure("lost_batches"));
        Assert.Equal(0, Figure("partial_batches"));
        Assert.Equal(0, Figure("failed_opens"));
        Assert.Equal(0, Figure("broken_chains"));
        Assert.Equal(0, Figure("rollup_mismatches"));
        Assert.Equal(0, exitCode);
    }

    [Fact]
    public async Task Probe_ExitsWithTheInUseMessage_WhileThisProcessHoldsTheStore()
    {
        using var store = TestStore.Open(_folder);
        using var probe = DurabilityProbe.Start(_folder);

        var exitCode = await probe.WaitForExitAsync(Generous);

        Assert.Equal(2, exitCode);
        Assert.Contains("is in use by another ComplianceDashboard process", probe.StandardError);
        Assert.Empty(probe.Acks);
        Assert.Empty(store.Get<IJurisdictionRepository>().All());
    }
}
