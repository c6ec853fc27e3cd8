using ComplianceDashboard.Core.Common;

namespace ComplianceDashboard.Core.Evidence;

/// <summary>Who a pack is written for: a regulator (released through approval) or internal use.</summary>
public enum PackAudience
{
    Regulator,
    Internal,
}

/// <summary>Where a pack stands in its release: Generated → ApprovedForRelease → Submitted.</summary>
public enum PackStatus
{
    Generated,
    ApprovedForRelease,
    Submitted,
}

/// <summary>What a pack covers: the jurisdiction, the reporting period, the as-of moment, the audience and the label printed on it.</summary>
public sealed record PackParameters
{
    public string Jurisdiction { get; init; } = "";
    public DateOnly PeriodFrom { get; init; }
    public DateOnly PeriodTo { get; init; }

    /// <summary>UTC, to the millisecond: everything the pack prints is as known at this moment.</summary>
    public DateTime AsOf { get; init; }
    public PackAudience Audience { get; init; }
    public string Classification { get; init; } = "";

    /// <summary>The parameters' canonical fields (DESIGN decision 7).</summary>
    public IReadOnlyDictionary<string, object?> CanonicalFields() => new Dictionary<string, object?>
    {
        ["jurisdiction"] = Jurisdiction,
        ["periodFrom"] = PeriodFrom,
        ["periodTo"] = PeriodTo,
        ["asOf"] = AsOf,
        ["audience"] = Audience,
        ["classification"] = Classification,
    };

    /// <summary>The last moment the pack looks at: the end of the period or the as-of time, whichever is earlier.</summary>
    public DateTime PeriodEndUtc()
    {
        var end = TimeProviderExtensions.TruncateToMs(PeriodTo.ToDateTime(TimeOnly.MaxValue, DateTimeKind.Utc));
        return end < AsOf ? end : AsOf;
    }

    public DateTime PeriodStartUtc() => PeriodFrom.ToDateTime(TimeOnly.MinValue, DateTimeKind.Utc);
}

/// <summary>A legal reviewer's approval of a pack for release, given after re-entering their password.</summary>
public sealed record PackReleaseApproval
{
    public string ById { get; init; } = "";
    public string ByName { get; init; } = "";
    public string Role { get; init; } = "";
    public DateTime At { get; init; }
}

/// <summary>The record of a pack sent to its regulator.</summary>
public sealed record PackSubmission
{
    public string Recipient { get; init; } = "";
    public DateOnly Date { get; init; }
    public string Channel { get; init; } = "";
    public string Reference { get; init; } = "";
    public string RecordedById { get; init; } = "";
    public string RecordedByName { get; init; } = "";
    public DateTime RecordedAt { get; init; }

    /// <summary>The entry this submission made in the jurisdiction's regulator log.</summary>
    public string InteractionId { get; init; } = "";
}

/// <summary>
/// A generated evidence pack: its parameters, the hashes that make it verifiable (PDF, snapshot, audit-chain head as of
/// its as-of time) and its release trail. The PDF itself is stored beside it and never changes.
/// </summary>
public sealed record EvidencePack : Aggregate
{
    public PackParameters Parameters { get; init; } = new();
    public PackStatus Status { get; init; }
    public string GeneratedById { get; init; } = "";
    public string GeneratedByName { get; init; } = "";
    public DateTime GeneratedAt { get; init; }
    public int PageCount { get; init; }
    public long PdfSize { get; init; }
    public string PdfSha256 { get; init; } = "";
    public string SnapshotSha256 { get; init; } = "";
    public long ChainHeadCount { get; init; }
    public string ChainHeadHash { get; init; } = "";
    public bool IsDemo { get; init; }
    public string AppVersion { get; init; } = "";

    /// <summary>SHA-256 of the signed copy ("" when no signing certificate was configured at generation).</summary>
    public string SignedPdfSha256 { get; init; } = "";
    public long SignedPdfSize { get; init; }

    /// <summary>The name of the certificate that signed the copy.</summary>
    public string SignedWith { get; init; } = "";
    public PackReleaseApproval? Approval { get; init; }
    public PackSubmission? Submission { get; init; }

    /// <summary>The pack id: derived from the parameters and the snapshot hash (DESIGN decision 2).</summary>
    public static string IdOf(PackParameters parameters, string snapshotSha256)
    {
        var fields = new Dictionary<string, object?>(parameters.CanonicalFields()) { ["snapshotSha256"] = snapshotSha256 };
        var hash = CanonicalJson.Sha256Hex(CanonicalJson.Serialize("evidence-pack-id", 1, fields));
        return $"EP-{parameters.Jurisdiction}-{hash[..16].ToUpperInvariant()}";
    }
}

/// <summary>Stores packs and their PDFs.</summary>
public interface IEvidencePackRepository
{
    EvidencePack? Find(string id);
    EvidencePack? FindByPdfSha256(string sha256);

    /// <summary>The pack whose signed copy has this SHA-256.</summary>
    EvidencePack? FindBySignedPdfSha256(string sha256);

    /// <summary>Newest first.</summary>
    IReadOnlyList<EvidencePack> All();

    /// <summary>Saves a new pack with its PDF (and its signed copy, if any). Only valid inside <see cref="IUnitOfWork.Write{T}"/>.</summary>
    Result<EvidencePack> Add(EvidencePack pack, byte[] pdf, byte[]? signedPdf = null);

    /// <summary>Saves a release step of a stored pack. Only valid inside <see cref="IUnitOfWork.Write{T}"/>.</summary>
    Result<EvidencePack> Save(EvidencePack pack);

    byte[]? Pdf(string id);

    byte[]? SignedPdf(string id);
}

/// <summary>
/// Makes the signed copy of a pack when a signing certificate is configured. A signature carries a signing time, so the
/// copy is not reproducible: the unsigned PDF stays the byte-identical, verifiable pack (DESIGN "Reproducible PDFs").
/// </summary>
public interface IEvidencePackSigner
{
    string CertificateName { get; }

    byte[] Sign(string packId, byte[] pdf);
}

/// <summary>What the renderer prints on a pack besides the snapshot: its identity and integrity facts.</summary>
public sealed record EvidencePackHeader(string PackId, string SnapshotSha256, string AppVersion, bool Demo);

/// <summary>A rendered pack.</summary>
public sealed record RenderedPack(byte[] Pdf, int PageCount);

/// <summary>Turns a snapshot into the pack's PDF; the same inputs always give the same bytes.</summary>
public interface IEvidencePackRenderer
{
    RenderedPack Render(EvidencePackHeader header, EvidenceSnapshot snapshot);
}
