using ComplianceDashboard.Core.Compliance;
using ComplianceDashboard.Core.Evidence;
using ComplianceDashboard.Core.Jurisdictions;

namespace ComplianceDashboard.Core.Tests.Evidence;

public sealed class EvidencePackIdentityTests
{
    private static readonly PackParameters Parameters = new()
    {
        Jurisdiction = "UK", PeriodFrom = new DateOnly(2026, 1, 1), PeriodTo = new DateOnly(2026, 3, 31),
        AsOf = new DateTime(2026, 4, 1, 9, 30, 15, 123, DateTimeKind.Utc), Audience = PackAudience.Regulator, Classification = "CONFIDENTIAL",
    };

    private static EvidenceSnapshot Snapshot(string checkId = "lia-in-force") => new()
    {
        Parameters = Parameters,
        Controller = "Example Ltd",
        Jurisdiction = new Jurisdiction { Id = "UK", Name = "United Kingdom", Regulator = new Regulator { Name = "Information Commissioner's Office", ShortName = "ICO" } },
        LatestRun = new ComplianceRun
        {
            Id = "run-1", Jurisdiction = "UK", AsOf = Parameters.AsOf, RanAt = Parameters.AsOf,
            Results = [new CheckResult { CheckId = checkId, Jurisdiction = "UK", AsOf = Parameters.AsOf, Outcome = CheckOutcome.Pass, Measured = "99.5 %" }],
        },
    };

    [Fact]
    public void TheSnapshotHash_IsStable_AndCoversWhatThePackPrints()
    {
        Assert.Equal(Snapshot().Sha256(), Snapshot().Sha256());
        Assert.NotEqual(Snapshot().Sha256(), (Snapshot() with { Controller = "Other Ltd" }).Sha256());
        Assert.StartsWith("{\"$schema\":\"evidence-snapshot/v1\"", Snapshot().Canonical());
        Assert.Contains("\"asOf\":\"2026-04-01T09:30:15.123Z\"", Snapshot().Canonical());
    }

    [Fact]
    public void DerivedProperties_AreNotHashed_SoAnUnknownCheckIdDoesNotBreakTheSnapshot()
    {
        var canonical = Snapshot("a-check-added-later").Canonical();

        Assert.DoesNotContain("\"definition\"", canonical, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("a-check-added-later", canonical);
    }

    [Fact]
    public void ThePackId_DerivesFromTheParametersAndTheSnapshotHash()
    {
        var hash = Snapshot().Sha256();
        var id = EvidencePack.IdOf(Parameters, hash);

        Assert.Matches("^EP-UK-[0-9A-F]{16}$", id);
        Assert.Equal(id, EvidencePack.IdOf(Parameters, hash));
        Assert.NotEqual(id, EvidencePack.IdOf(Parameters with { Classification = "OFFICIAL" }, hash));
        Assert.NotEqual(id, EvidencePack.IdOf(Parameters with { AsOf = Parameters.AsOf.AddMilliseconds(1) }, hash));
        Assert.NotEqual(id, EvidencePack.IdOf(Parameters, (Snapshot() with { Controller = "Other Ltd" }).Sha256()));
    }
}
