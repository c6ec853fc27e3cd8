using ComplianceDashboard.Core.Audit;
using ComplianceDashboard.Core.Common;
using ComplianceDashboard.Core.Evidence;
using ComplianceDashboard.Storage.Postgres.Common;

namespace ComplianceDashboard.Storage.Postgres.Evidence;

/// <summary>Packs in evidence_packs, their PDFs in evidence_pack_pdfs, and the chain heads the packs recorded.</summary>
internal sealed class PostgresEvidencePackRepository(PostgresStore store) : IEvidencePackRepository, IRecordedChainHeads
{
    private readonly AggregateTable<EvidencePack> _packs = AggregateTables.EvidencePacks(store);

    public EvidencePack? Find(string id) => _packs.Find(id);

    public EvidencePack? FindByPdfSha256(string sha256) => _packs.Where("pdf_sha256 = $1", "id LIMIT 1", sha256).SingleOrDefault();

    public EvidencePack? FindBySignedPdfSha256(string sha256) =>
        sha256.Length == 0 ? null : _packs.Where("signed_pdf_sha256 = $1", "id LIMIT 1", sha256).SingleOrDefault();

    public IReadOnlyList<EvidencePack> All() =>
        [.. _packs.All().OrderByDescending(p => p.GeneratedAt).ThenBy(p => p.Id, StringComparer.Ordinal)];

    public Result<EvidencePack> Add(EvidencePack pack, byte[] pdf, byte[]? signedPdf = null) =>
        store.Write(() =>
        {
            var saved = _packs.Save(pack with { Version = 0 }, "Evidence pack");
            if (!saved.Succeeded) return saved;
            store.Read(c => Sql.Execute(c, "INSERT INTO evidence_pack_pdfs (pack_id, pdf, signed_pdf) VALUES ($1, $2, $3)", pack.Id, pdf, signedPdf));
            return saved;
        });

    public Result<EvidencePack> Save(EvidencePack pack) => _packs.Save(pack, "Evidence pack");

    public byte[]? Pdf(string id) => store.Read(c => Sql.Scalar<byte[]>(c, "SELECT pdf FROM evidence_pack_pdfs WHERE pack_id = $1", id));

    public byte[]? SignedPdf(string id) => store.Read(c => Sql.Scalar<byte[]>(c, "SELECT signed_pdf FROM evidence_pack_pdfs WHERE pack_id = $1", id));

    public IReadOnlyList<RecordedChainHead> Recorded() =>
        [.. _packs.All().OrderBy(p => p.ChainHeadCount).ThenBy(p => p.Id, StringComparer.Ordinal)
            .Select(p => new RecordedChainHead(new ChainHead(p.ChainHeadCount, p.ChainHeadHash), $"evidence pack {p.Id}", p.GeneratedAt))];
}
