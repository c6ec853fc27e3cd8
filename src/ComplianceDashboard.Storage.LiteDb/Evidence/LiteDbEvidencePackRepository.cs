using ComplianceDashboard.Core.Audit;
using ComplianceDashboard.Core.Common;
using ComplianceDashboard.Core.Evidence;
using ComplianceDashboard.Storage.LiteDb.Common;
using LiteDB;

namespace ComplianceDashboard.Storage.LiteDb.Evidence;

/// <summary>Packs in "evidence_packs", their PDFs in LiteDB file storage ("pack_pdfs"), and the chain heads the packs recorded.</summary>
internal sealed class LiteDbEvidencePackRepository : IEvidencePackRepository, IRecordedChainHeads
{
    private readonly AggregateCollection<EvidencePack> _packs;
    private readonly ILiteStorage<string> _files;

    public LiteDbEvidencePackRepository(LiteDbStore store)
    {
        _packs = new AggregateCollection<EvidencePack>(store, "evidence_packs");
        _packs.Collection.EnsureIndex(p => p.PdfSha256);
        _packs.Collection.EnsureIndex(p => p.SignedPdfSha256);
        _files = store.Database.GetStorage<string>("pack_files", "pack_chunks");
    }

    public EvidencePack? Find(string id) => _packs.Find(id);

    public EvidencePack? FindByPdfSha256(string sha256) => _packs.Collection.FindOne(p => p.PdfSha256 == sha256);

    public EvidencePack? FindBySignedPdfSha256(string sha256) =>
        sha256.Length == 0 ? null : _packs.Collection.FindOne(p => p.SignedPdfSha256 == sha256);

    public IReadOnlyList<EvidencePack> All() =>
        [.. _packs.All().OrderByDescending(p => p.GeneratedAt).ThenBy(p => p.Id, StringComparer.Ordinal)];

    public Result<EvidencePack> Add(EvidencePack pack, byte[] pdf, byte[]? signedPdf = null)
    {
        var saved = _packs.Save(pack with { Version = 0 }, "Evidence pack");
        if (!saved.Succeeded) return saved;
        using var content = new MemoryStream(pdf, writable: false);
        _files.Upload(pack.Id, $"{pack.Id}.pdf", content);
        if (signedPdf is not null)
        {
            using var signed = new MemoryStream(signedPdf, writable: false);
            _files.Upload(SignedFileId(pack.Id), $"{pack.Id}-signed.pdf", signed);
        }
        return saved;
    }

    private static string SignedFileId(string id) => id + ".signed";

    public Result<EvidencePack> Save(EvidencePack pack) => _packs.Save(pack, "Evidence pack");

    public byte[]? Pdf(string id)
    {
        if (!_files.Exists(id)) return null;
        using var buffer = new MemoryStream();
        _files.Download(id, buffer);
        return buffer.ToArray();
    }

    public byte[]? SignedPdf(string id) => Pdf(SignedFileId(id));

    public IReadOnlyList<RecordedChainHead> Recorded() =>
        [.. _packs.All().OrderBy(p => p.ChainHeadCount).ThenBy(p => p.Id, StringComparer.Ordinal)
            .Select(p => new RecordedChainHead(new ChainHead(p.ChainHeadCount, p.ChainHeadHash), $"evidence pack {p.Id}", p.GeneratedAt))];
}
