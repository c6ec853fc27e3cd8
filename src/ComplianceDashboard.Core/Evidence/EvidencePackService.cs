using System.Reflection;
using System.Security.Cryptography;
using ComplianceDashboard.Core.Audit;
using ComplianceDashboard.Core.Common;
using ComplianceDashboard.Core.Identity;
using ComplianceDashboard.Core.Jurisdictions;
using ComplianceDashboard.Core.Rollout;

namespace ComplianceDashboard.Core.Evidence;

/// <summary>A pack ready to render: its id, the snapshot it prints and, when it was generated before, the stored pack.</summary>
public sealed record PreparedPack(string Id, PackParameters Parameters, EvidenceSnapshot Snapshot, string SnapshotSha256, EvidencePack? Existing);

/// <summary>What the verification of a PDF found: a known, unaltered pack (with its record) or nothing.</summary>
/// <summary>Whether a PDF is a stored pack, unaltered; <paramref name="SignedCopy"/> when it is the pack's signed copy.</summary>
public sealed record PackVerification(bool Verified, string Sha256, EvidencePack? Pack, bool SignedCopy = false);

/// <summary>The details of a pack's submission to its regulator.</summary>
public sealed record SubmissionDetails(string Recipient, DateOnly Date, string Channel, string Reference);

/// <summary>
/// Generating evidence packs (reproducible: the same data and parameters give the same pack), releasing them
/// (approval by a legal reviewer who did not generate them, with their password) and recording their submission;
/// verifying a PDF against the stored packs. Every change is audited.
/// </summary>
public sealed class EvidencePackService(
    IEvidencePackRepository packs, EvidenceSnapshotBuilder snapshots, IEvidencePackRenderer renderer,
    IJurisdictionRepository jurisdictions, IUserRepository users, StepUp stepUp, RegulatorLogService regulatorLog,
    IAuditLog audit, IUnitOfWork store, TimeProvider clock, IEvidencePackSigner? signer = null)
{
    public const string EntityType = "EvidencePack";

    /// <summary>The version printed on packs and recorded with them; byte-identity is promised within one version.</summary>
    public static readonly string AppVersion =
        typeof(EvidencePackService).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion
        ?? typeof(EvidencePackService).Assembly.GetName().Version?.ToString() ?? "0";

    public IReadOnlyList<EvidencePack> All() => packs.All();

    public EvidencePack? Find(string id) => packs.Find(id);

    public byte[]? Pdf(string id) => packs.Pdf(id);

    /// <summary>The signed copy, when a signing certificate was configured as the pack was generated.</summary>
    public byte[]? SignedPdf(string id) => packs.SignedPdf(id);

    /// <summary>Validates the parameters and builds the snapshot; says whether the pack exists already. Read-only.</summary>
    public Result<PreparedPack> Prepare(Actor actor, PackParameters parameters)
    {
        if (actor.Require(Permission.GenerateEvidencePacks) is { } denied) return denied;
        var normalised = parameters with
        {
            Jurisdiction = parameters.Jurisdiction.Trim().ToUpperInvariant(),
            Classification = Identifier.Normalise(parameters.Classification),
            AsOf = TimeProviderExtensions.TruncateToMs(parameters.AsOf.Kind == DateTimeKind.Utc ? parameters.AsOf : parameters.AsOf.ToUniversalTime()),
        };
        if (Validate(normalised) is { } invalid) return invalid;
        var snapshot = snapshots.Build(normalised);
        if (snapshot is null) return Failure.Validation($"There is no jurisdiction {normalised.Jurisdiction}.");
        var hash = snapshot.Sha256();
        var id = EvidencePack.IdOf(normalised, hash);
        return new PreparedPack(id, normalised, snapshot, hash, packs.Find(id));
    }

    /// <summary>Returns the stored pack when the same pack was generated before; otherwise renders, stores and audits it.</summary>
    public Result<EvidencePack> Generate(Actor actor, PackParameters parameters) =>
        Prepare(actor, parameters).Then(prepared => Generate(actor, prepared));

    /// <summary>Renders a prepared pack without storing it (what generation stores; used to reproduce a stored pack).</summary>
    public RenderedPack Render(PreparedPack prepared) =>
        renderer.Render(new EvidencePackHeader(prepared.Id, prepared.SnapshotSha256, AppVersion, prepared.Snapshot.Demo), prepared.Snapshot);

    /// <summary>Renders and stores a prepared pack (rendering runs outside the writer).</summary>
    public Result<EvidencePack> Generate(Actor actor, PreparedPack prepared)
    {
        if (actor.Require(Permission.GenerateEvidencePacks) is { } denied) return denied;
        if (prepared.Existing is { } known) return known;
        var demo = prepared.Snapshot.Demo;
        var rendered = Render(prepared);
        var pdfHash = Convert.ToHexStringLower(SHA256.HashData(rendered.Pdf));
        var signed = signer?.Sign(prepared.Id, rendered.Pdf);
        return store.Write<EvidencePack>(() =>
        {
            if (packs.Find(prepared.Id) is { } stored) return stored;
            var p = prepared.Parameters;
            var pack = new EvidencePack
            {
                Id = prepared.Id,
                Parameters = p,
                Status = PackStatus.Generated,
                GeneratedById = actor.Id,
                GeneratedByName = actor.DisplayName,
                GeneratedAt = clock.UtcNowMs(),
                PageCount = rendered.PageCount,
                PdfSize = rendered.Pdf.LongLength,
                PdfSha256 = pdfHash,
                SnapshotSha256 = prepared.SnapshotSha256,
                ChainHeadCount = prepared.Snapshot.ChainHead.Count,
                ChainHeadHash = prepared.Snapshot.ChainHead.Hash,
                IsDemo = demo,
                AppVersion = AppVersion,
                SignedPdfSha256 = signed is null ? "" : Convert.ToHexStringLower(SHA256.HashData(signed)),
                SignedPdfSize = signed?.LongLength ?? 0,
                SignedWith = signed is null ? "" : signer!.CertificateName,
            };
            var saved = packs.Add(pack, rendered.Pdf, signed);
            if (saved.Succeeded)
                audit.Append(actor, "evidence-pack.generated", EntityType, pack.Id,
                    $"{p.Jurisdiction} pack for {p.PeriodFrom:yyyy-MM-dd}–{p.PeriodTo:yyyy-MM-dd} as of {CanonicalJson.Time(p.AsOf)} ({p.Audience}, {p.Classification}); " +
                    $"{pack.PageCount} pages; PDF SHA-256 {pdfHash}; snapshot SHA-256 {pack.SnapshotSha256}; chain head {pack.ChainHeadCount}/{pack.ChainHeadHash}" +
                    (signed is null ? "" : $"; signed copy SHA-256 {pack.SignedPdfSha256} ({pack.SignedWith})") +
                    (demo ? "; demo data" : ""));
            return saved;
        });
    }

    /// <summary>A legal reviewer who did not generate the pack approves it for release after re-entering their password (and a code, with MFA).</summary>
    public Result<EvidencePack> ApproveForRelease(Actor actor, string id, string password, string? code = null) =>
        ApproveForRelease(actor, id, SignOffProof.Local(password, code));

    /// <summary>An SSO user's release approval: the ticket of their re-authentication at the provider, bound to this pack's PDF SHA-256.</summary>
    public Result<EvidencePack> ApproveForRelease(Actor actor, string id, SignOffTicket ticket) => ApproveForRelease(actor, id, SignOffProof.SingleSignOn(ticket));

    private Result<EvidencePack> ApproveForRelease(Actor actor, string id, SignOffProof proof)
    {
        if (actor.Require(Permission.ApprovePackRelease) is { } denied) return denied;
        if (UserOf(actor) is not { } approver)
            return Failure.Forbidden("Only a signed-in legal reviewer can approve a pack for release.");
        // PBKDF2 is slow: re-authenticate before taking the writer (an SSO ticket is redeemed inside it).
        var reauthentication = stepUp.Check(approver, proof, SignOffAction.ReleaseEvidencePack, id);
        if (!reauthentication.Succeeded) return reauthentication.Failure!;
        return store.Write<EvidencePack>(() =>
        {
            if (packs.Find(id) is not { } pack) return NotFound(id);
            if (pack.Status != PackStatus.Generated)
                return Failure.Validation($"Pack {id} is already {Describe(pack.Status)}.");
            if (pack.Parameters.Audience != PackAudience.Regulator)
                return Failure.Validation($"Pack {id} is for internal use; only packs for a regulator are released.");
            if (pack.GeneratedById == actor.Id)
                return Failure.Forbidden("You generated this pack, so you may not approve its release. Another legal reviewer must approve it.");
            var reauthenticated = stepUp.Confirm(actor, reauthentication.Value, SignOffAction.ReleaseEvidencePack, id, pack.PdfSha256);
            if (!reauthenticated.Succeeded) return reauthenticated.Failure!;
            var approval = new PackReleaseApproval { ById = actor.Id, ByName = actor.DisplayName, Role = approver.Role.DisplayName(), At = clock.UtcNowMs() };
            var saved = packs.Save(pack with { Status = PackStatus.ApprovedForRelease, Approval = approval });
            if (saved.Succeeded)
                audit.Append(actor, "evidence-pack.approved-for-release", EntityType, id,
                    $"Approved for release as {approval.Role}; PDF SHA-256 {pack.PdfSha256}; {reauthenticated.Value.Describe()}");
            return saved;
        });
    }

    /// <summary>Records that an approved pack was sent to its regulator, also in the jurisdiction's regulator log. Never for demo packs.</summary>
    public Result<EvidencePack> RecordSubmission(Actor actor, string id, SubmissionDetails details)
    {
        if (actor.Require(Permission.RecordPackSubmission) is { } denied) return denied;
        var errors = new List<string>();
        if (string.IsNullOrWhiteSpace(details.Recipient)) errors.Add("Name the recipient.");
        if (string.IsNullOrWhiteSpace(details.Channel)) errors.Add("Say how the pack was sent (e.g. secure portal, e-mail).");
        if (details.Date > clock.TodayUtc()) errors.Add("The submission date cannot be in the future.");
        if (errors.Count > 0) return Failure.Validation("The submission has errors.", errors);
        return store.Write<EvidencePack>(() =>
        {
            if (packs.Find(id) is not { } pack) return NotFound(id);
            if (pack.IsDemo)
                return Failure.Forbidden("This pack was generated from demo data and can never be submitted to a regulator.");
            if (pack.Status != PackStatus.ApprovedForRelease)
                return Failure.Validation($"Only a pack approved for release can be marked submitted; pack {id} is {Describe(pack.Status)}.");
            if (DateOnly.FromDateTime(pack.Approval!.At) > details.Date)
                return Failure.Validation("The submission date is before the pack was approved for release.");
            var interaction = regulatorLog.Record(actor, pack.Parameters.Jurisdiction, new InteractionDetails(
                details.Date, InteractionDirection.ToRegulator,
                $"Evidence pack {id} submitted to {details.Recipient.Trim()} by {details.Channel.Trim()} (PDF SHA-256 {pack.PdfSha256})",
                details.Reference.Trim()));
            if (!interaction.Succeeded) return interaction.Failure!;
            var submission = new PackSubmission
            {
                Recipient = details.Recipient.Trim(), Date = details.Date, Channel = details.Channel.Trim(), Reference = details.Reference.Trim(),
                RecordedById = actor.Id, RecordedByName = actor.DisplayName, RecordedAt = clock.UtcNowMs(), InteractionId = interaction.Value.Id,
            };
            var saved = packs.Save(pack with { Status = PackStatus.Submitted, Submission = submission });
            if (saved.Succeeded)
                audit.Append(actor, "evidence-pack.submitted", EntityType, id,
                    $"Submitted to {submission.Recipient} on {submission.Date:yyyy-MM-dd} by {submission.Channel}" +
                    (submission.Reference.Length > 0 ? $" (ref {submission.Reference})" : "") + $"; PDF SHA-256 {pack.PdfSha256}");
            return saved;
        });
    }

    /// <summary>Whether <paramref name="pdf"/> is, byte for byte, a pack this system generated. Audited.</summary>
    public Result<PackVerification> Verify(Actor actor, byte[] pdf)
    {
        if (actor.Require(Permission.ViewProgramme) is { } denied) return denied;
        var hash = Convert.ToHexStringLower(SHA256.HashData(pdf));
        var pack = packs.FindByPdfSha256(hash);
        var signedCopy = false;
        if (pack is null && packs.FindBySignedPdfSha256(hash) is { } signedOf)
            (pack, signedCopy) = (signedOf, true);
        return store.Write<PackVerification>(() =>
        {
            audit.Append(actor, "evidence-pack.verified", EntityType, pack?.Id ?? "",
                pack is null ? $"A PDF with SHA-256 {hash} ({pdf.Length} bytes) matches no pack: unknown or altered"
                             : $"A PDF matched {(signedCopy ? "the signed copy of " : "")}pack {pack.Id} ({Describe(pack.Status)}): unaltered");
            return Result<PackVerification>.Ok(new PackVerification(pack is not null, hash, pack, signedCopy));
        });
    }

    public static string Describe(PackStatus status) => status switch
    {
        PackStatus.ApprovedForRelease => "approved for release",
        PackStatus.Submitted => "submitted",
        _ => "generated",
    };

    private Failure? Validate(PackParameters p)
    {
        var errors = new List<string>();
        if (p.Jurisdiction.Length == 0) errors.Add("Choose a jurisdiction.");
        else if (Identifier.Problem("jurisdiction", p.Jurisdiction) is { } jurisdictionProblem) errors.Add(jurisdictionProblem);
        else if (jurisdictions.Find(p.Jurisdiction) is null) errors.Add($"There is no jurisdiction {p.Jurisdiction}.");
        if (p.PeriodTo < p.PeriodFrom) errors.Add("The period ends before it starts.");
        if (p.AsOf > clock.UtcNowMs()) errors.Add("The as-of time is in the future.");
        if (DateOnly.FromDateTime(p.AsOf) < p.PeriodFrom) errors.Add("The as-of time is before the period starts.");
        if (p.Classification.Length == 0) errors.Add("Give a classification label, e.g. CONFIDENTIAL.");
        else if (p.Classification.Length > 60) errors.Add("The classification label is longer than 60 characters.");
        else if (Identifier.Problem("classification", p.Classification) is { } classificationProblem) errors.Add(classificationProblem);
        if (!Enum.IsDefined(p.Audience)) errors.Add("The audience must be regulator or internal.");
        return errors.Count == 0 ? null : Failure.Validation(string.Join(" ", errors), errors);
    }

    private static Failure NotFound(string id) => Failure.NotFound($"There is no evidence pack {id}.");

    private User? UserOf(Actor actor) =>
        actor.Id.StartsWith("user:", StringComparison.Ordinal) ? users.Find(actor.Id["user:".Length..]) is { Disabled: false } u ? u : null : null;
}
