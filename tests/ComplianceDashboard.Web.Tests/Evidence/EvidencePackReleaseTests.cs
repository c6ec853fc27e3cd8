using ComplianceDashboard.Core.Common;
using ComplianceDashboard.Core.Evidence;
using ComplianceDashboard.Core.Identity;
using ComplianceDashboard.Core.Rollout;
using ComplianceDashboard.Web.Tests.Hosting;
using Microsoft.Extensions.DependencyInjection;

namespace ComplianceDashboard.Web.Tests.Evidence;

/// <summary>Release rules: approval by another legal reviewer with their password, submission only when approved, never for demo packs.</summary>
public sealed class EvidencePackReleaseTests(RealStoreFactory real) : IClassFixture<RealStoreFactory>
{
    private static readonly Actor Legal = RealStoreFactory.User(Role.LegalReviewer);
    private static readonly Actor SecondLegal = Actor.User("second-legal@real.example", "Second Legal", Role.LegalReviewer);
    private static readonly Actor Officer = RealStoreFactory.User(Role.ComplianceOfficer);

    private EvidencePackService Packs => real.Seeded().Services.GetRequiredService<EvidencePackService>();

    private EvidencePack NewPack(Actor by, string classification)
    {
        var parameters = EvidencePackGenerationTests.UkParameters(real.Seeded().Services) with { Classification = classification };
        var generated = Packs.Generate(by, parameters);
        Assert.True(generated.Succeeded, generated.Failure?.Message);
        Assert.False(generated.Value.IsDemo);
        return generated.Value;
    }

    private static SubmissionDetails Submission => new("ICO Regulatory Supervision", DateOnly.FromDateTime(DateTime.UtcNow), "Secure portal", "ICO/2026/123");

    [Fact]
    public void TheLegalReviewerWhoGeneratedAPack_MayNotApproveIt_AnotherMay()
    {
        var pack = NewPack(Legal, "CONFIDENTIAL own");

        var own = Packs.ApproveForRelease(Legal, pack.Id, RealStoreFactory.Password);
        var other = Packs.ApproveForRelease(SecondLegal, pack.Id, RealStoreFactory.Password);

        Assert.Equal(FailureKind.Forbidden, own.Failure?.Kind);
        Assert.True(other.Succeeded, other.Failure?.Message);
        Assert.Equal(PackStatus.ApprovedForRelease, other.Value.Status);
        Assert.Equal("Second Legal", other.Value.Approval!.ByName);
    }

    [Fact]
    public void ApprovingNeedsTheRightPassword_AndTheLegalReviewerRole()
    {
        var pack = NewPack(Officer, "CONFIDENTIAL password");

        Assert.Equal(FailureKind.Unauthorized, Packs.ApproveForRelease(Legal, pack.Id, "wrong password").Failure?.Kind);
        Assert.Equal(FailureKind.Forbidden, Packs.ApproveForRelease(RealStoreFactory.User(Role.Dpo), pack.Id, RealStoreFactory.Password).Failure?.Kind);
        Assert.Equal(FailureKind.Forbidden, Packs.ApproveForRelease(Officer, pack.Id, RealStoreFactory.Password).Failure?.Kind);
        Assert.Equal(PackStatus.Generated, Packs.Find(pack.Id)!.Status);
    }

    [Fact]
    public void OnlyAnApprovedPack_CanBeMarkedSubmitted_AndTheSubmissionEntersTheRegulatorLog()
    {
        var pack = NewPack(Officer, "CONFIDENTIAL submit");

        var early = Packs.RecordSubmission(Officer, pack.Id, Submission);
        Assert.Equal(FailureKind.Validation, early.Failure?.Kind);

        Assert.True(Packs.ApproveForRelease(Legal, pack.Id, RealStoreFactory.Password).Succeeded);
        Assert.Equal(FailureKind.Forbidden, Packs.RecordSubmission(Legal, pack.Id, Submission).Failure?.Kind);
        var submitted = Packs.RecordSubmission(Officer, pack.Id, Submission);

        Assert.True(submitted.Succeeded, submitted.Failure?.Message);
        Assert.Equal(PackStatus.Submitted, submitted.Value.Status);
        var log = real.Services.GetRequiredService<RegulatorLogService>().Interactions("UK");
        var entry = Assert.Single(log, i => i.Id == submitted.Value.Submission!.InteractionId);
        Assert.Contains(pack.Id, entry.Summary);
        Assert.Contains(pack.PdfSha256, entry.Summary);
        Assert.Equal("ICO/2026/123", entry.Reference);
    }

    [Fact]
    public void APdfIsVerified_WhenUnaltered_AndNotWhenOneByteIsFlipped()
    {
        var pack = NewPack(Officer, "CONFIDENTIAL verify");
        var pdf = Packs.Pdf(pack.Id)!;

        var unaltered = Packs.Verify(Officer, pdf).Value;
        pdf[pdf.Length / 2] ^= 0x01;
        var altered = Packs.Verify(Officer, pdf).Value;

        Assert.True(unaltered.Verified);
        Assert.Equal(pack.Id, unaltered.Pack!.Id);
        Assert.False(altered.Verified);
        Assert.Null(altered.Pack);
    }

    [Fact]
    public void EveryPack_RecordsItsChainHead_ForAuditVerification()
    {
        var pack = NewPack(Officer, "CONFIDENTIAL heads");

        var heads = real.Services.GetRequiredService<Core.Audit.IRecordedChainHeads>().Recorded();

        Assert.Contains(new Core.Audit.ChainHead(pack.ChainHeadCount, pack.ChainHeadHash), heads.Select(h => h.Head));
        Assert.True(pack.ChainHeadCount > 0);
    }

    [Theory]
    [InlineData("XX", 0, 0, "There is no jurisdiction XX.")]
    [InlineData("UK", 0, -1, "The period ends before it starts.")]
    [InlineData("UK", 1, 0, "The as-of time is in the future.")]
    public void BadParameters_AreValidationFailures(string jurisdiction, int asOfDaysAhead, int periodEndOffset, string reason)
    {
        var parameters = EvidencePackGenerationTests.UkParameters(real.Seeded().Services);
        parameters = parameters with
        {
            Jurisdiction = jurisdiction,
            AsOf = parameters.AsOf.AddDays(asOfDaysAhead),
            PeriodTo = parameters.PeriodFrom.AddDays(periodEndOffset == 0 ? 30 : periodEndOffset),
        };

        var result = Packs.Generate(Officer, parameters);

        Assert.Equal(FailureKind.Validation, result.Failure?.Kind);
        Assert.Contains(reason, result.Failure!.Message);
    }
}

/// <summary>Demo packs are watermarked and can never be submitted.</summary>
public sealed class DemoPackReleaseTests(DashboardFactory factory) : IClassFixture<DashboardFactory>
{
    [Fact]
    public void ADemoPack_CanBeApproved_ButNeverMarkedSubmitted()
    {
        var packs = factory.Services.GetRequiredService<EvidencePackService>();
        var parameters = EvidencePackGenerationTests.UkParameters(factory.Services) with { Classification = "DEMO release" };
        var pack = packs.Generate(EvidencePackGenerationTests.Officer, parameters).Value;
        var legal = Actor.User("legal@demo.example", "Leo Legal", Role.LegalReviewer);
        Assert.True(packs.ApproveForRelease(legal, pack.Id, Core.Demo.DemoAccounts.Password).Succeeded);

        var submitted = packs.RecordSubmission(EvidencePackGenerationTests.Officer, pack.Id,
            new SubmissionDetails("ICO", DateOnly.FromDateTime(DateTime.UtcNow), "E-mail", "REF-1"));

        Assert.True(pack.IsDemo);
        Assert.Equal(FailureKind.Forbidden, submitted.Failure?.Kind);
        Assert.Contains("demo data", submitted.Failure!.Message);
    }
}
