using ComplianceDashboard.Core.Audit;
using ComplianceDashboard.Core.Common;
using ComplianceDashboard.Core.Evidence;
using ComplianceDashboard.Storage.LiteDb.Tests.Common;
using Xunit;

namespace ComplianceDashboard.Storage.LiteDb.Tests.Evidence;

public abstract class EvidencePackRepositoryTests(StoreProvider provider) : IDisposable
{
    private readonly TestStore _store = TestStore.Create(provider);

    public void Dispose() => _store.Dispose();

    private static EvidencePack Pack(string id, string pdfHash, long headCount) => new()
    {
        Id = id,
        Parameters = new PackParameters
        {
            Jurisdiction = "UK", PeriodFrom = new DateOnly(2026, 1, 1), PeriodTo = new DateOnly(2026, 3, 31),
            AsOf = new DateTime(2026, 4, 1, 9, 30, 15, 123, DateTimeKind.Utc), Audience = PackAudience.Regulator, Classification = "CONFIDENTIAL",
        },
        GeneratedAt = new DateTime(2026, 4, 1, 10, 0, 0, DateTimeKind.Utc),
        PdfSha256 = pdfHash,
        ChainHeadCount = headCount,
        ChainHeadHash = new string('a', 63) + headCount,
        PageCount = 3,
    };

    private Result<EvidencePack> Add(EvidencePack pack, byte[] pdf) =>
        _store.Get<IUnitOfWork>().Write(() => _store.Get<IEvidencePackRepository>().Add(pack, pdf));

    [Fact]
    public void APackAndItsPdf_SurviveAReopen_AndAreFoundByThePdfHash()
    {
        var pdf = Enumerable.Range(0, 600_000).Select(i => (byte)(i * 7)).ToArray();
        Assert.True(Add(Pack("EP-UK-1", "hash-1", 10), pdf).Succeeded);
        _store.Reopen();

        var packs = _store.Get<IEvidencePackRepository>();
        var found = packs.FindByPdfSha256("hash-1");

        Assert.Equal("EP-UK-1", found?.Id);
        Assert.Equal(new DateTime(2026, 4, 1, 9, 30, 15, 123, DateTimeKind.Utc), found!.Parameters.AsOf);
        Assert.Equal(DateTimeKind.Utc, found.Parameters.AsOf.Kind);
        Assert.Equal(pdf, packs.Pdf("EP-UK-1"));
        Assert.Null(packs.FindByPdfSha256("hash-2"));
        Assert.Null(packs.Pdf("EP-UK-2"));
    }

    [Fact]
    public void AddingTheSamePackTwice_IsAConflict()
    {
        Assert.True(Add(Pack("EP-UK-1", "hash-1", 10), [1, 2, 3]).Succeeded);

        Assert.Equal(FailureKind.Conflict, Add(Pack("EP-UK-1", "hash-1", 10), [1, 2, 3]).Failure?.Kind);
    }

    [Fact]
    public void RecordedChainHeads_AreEveryPacksHead()
    {
        Assert.True(Add(Pack("EP-UK-1", "hash-1", 10), [1]).Succeeded);
        Assert.True(Add(Pack("EP-UK-2", "hash-2", 4), [2]).Succeeded);

        var heads = _store.Get<IRecordedChainHeads>().Recorded();

        Assert.Equal([new ChainHead(4, new string('a', 63) + 4), new ChainHead(10, new string('a', 63) + 10)], heads.Select(h => h.Head));
        Assert.Equal(["evidence pack EP-UK-2", "evidence pack EP-UK-1"], heads.Select(h => h.RecordedBy));
        Assert.All(heads, h => Assert.Equal(new DateTime(2026, 4, 1, 10, 0, 0, DateTimeKind.Utc), h.RecordedAt));
    }

    /// <summary>The contract on the embedded LiteDB store.</summary>
    public sealed class OnLiteDb() : EvidencePackRepositoryTests(StoreProvider.LiteDb);

    /// <summary>The contract on the PostgreSQL store.</summary>
    public sealed class OnPostgres() : EvidencePackRepositoryTests(StoreProvider.Postgres);
}
